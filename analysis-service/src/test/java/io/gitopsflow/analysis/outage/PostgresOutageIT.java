package io.gitopsflow.analysis.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.gitopsflow.analysis.AnalysisTestResource;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.OutagePostgresTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped for 10 s while stage-promoted records arrive: the consumer waits out the outage instead of
 * dead-lettering good records, and afterwards every promotion has exactly one run, every run exactly one verdict on
 * analysis-completed with every measurement once, and {@code stage-promoted.dlq} holds nothing.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = OutagePostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = PostgresOutageIT.DATABASE))
@WithTestResource(PostgresOutageIT.World.class)
@WithTestResource(JwtTestResource.class)
class PostgresOutageIT {

    static final String DATABASE = "analysis_outage";
    /** A topic of this test only, so no record of another IT reaches this consumer group, nor one of this test theirs. */
    static final String TOPIC = "stage-promoted-outage";

    // longer than the measurement lease (4 s) and the error retry (1 s in tests): both meet it more than once
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int BEFORE = 4;
    private static final int DURING = 8;
    private static final int MEASUREMENTS = 3;
    /**
     * The safety net leaves a verdict this long to the work that completed it (10 s in production): short here, so
     * checking that it published nothing twice takes its turns in seconds.
     */
    private static final Duration VERDICT_GRACE = Duration.ofSeconds(4);

    private static KafkaTestClient kafka;

    /** A web endpoint to measure, a template of three measurements 1 s apart, and this test's topics. */
    public static class World implements QuarkusTestResourceLifecycleManager {

        private HttpServer web;

        @Override
        public Map<String, String> start() {
            try {
                web = AnalysisTestResource.startWebEndpoint();
                Path templates = TestFolders.newFolder("analysis-outage-templates");
                Files.writeString(templates.resolve("outage.yaml"), """
                        apiVersion: argoproj.io/v1alpha1
                        kind: AnalysisTemplate
                        metadata:
                          name: survives-outage
                        spec:
                          metrics:
                            - name: error-rate
                              interval: 1s
                              count: %d
                              successCondition: result < 0.05
                              provider:
                                web:
                                  url: http://127.0.0.1:%d/health
                                  jsonPath: "{$.errorRate}"
                        """.formatted(
                                MEASUREMENTS, web.getAddress().getPort()));
                KafkaCluster.shared().createTopics(1, List.of(TOPIC, TOPIC + ".dlq"));
                return Map.of(
                        "gitops-flow.analysis.templates-dir",
                        templates.toString(),
                        // a measurement whose record the outage cut is taken again 4 s after, not 2 min
                        "gitops-flow.analysis.measurement-lease",
                        "4s",
                        "gitops-flow.analysis.verdict-grace",
                        VERDICT_GRACE.toMillis() + "ms",
                        "mp.messaging.incoming.stage-promoted.topic",
                        TOPIC,
                        "mp.messaging.incoming.stage-promoted.dead-letter-queue.topic",
                        TOPIC + ".dlq",
                        "mp.messaging.incoming.stage-promoted.group.id",
                        "analysis-outage");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            if (web != null) {
                web.stop(0);
            }
        }
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void recordsArrivingWhilePostgresIsDownEachStartOneRunAndGetOneVerdictAndNoneIsDeadLettered() throws Exception {
        TestPostgres postgres = OutagePostgresTestResource.server();
        List<String> promotions = new ArrayList<>();
        for (int i = 0; i < BEFORE; i++) {
            promotions.add(send());
        }
        // the first runs are being measured when the database goes away (a run takes 2 s at least)
        await().atMost(Duration.ofSeconds(30))
                .until(() -> runsOf(postgres, promotions).size() == BEFORE);

        postgres.stopServer();
        long stopped = System.nanoTime();
        for (int i = 0; i < DURING; i++) {
            promotions.add(send());
            Thread.sleep(OUTAGE.toMillis() / (DURING + 1));
        }
        Thread.sleep(Math.max(
                0,
                OUTAGE.toMillis()
                        - Duration.ofNanos(System.nanoTime() - stopped).toMillis()));
        postgres.startServer();
        long restarted = System.nanoTime();

        List<AnalysisCompleted> verdicts = kafka
                .awaitRecords(
                        EventType.ANALYSIS_COMPLETED.topic(),
                        promotions.size(),
                        record -> verdictOf(record, promotions),
                        Duration.ofSeconds(120))
                .stream()
                .map(PostgresOutageIT::decode)
                .toList();
        long lastVerdictMillis = Duration.ofNanos(System.nanoTime() - restarted).toMillis();

        Map<String, Integer> runs = runsOf(postgres, promotions);
        assertThat(runs)
                .hasSize(promotions.size())
                .allSatisfy((promotion, count) -> assertThat(count).isOne());
        assertThat(verdicts).extracting(AnalysisCompleted::promotionId).containsExactlyInAnyOrderElementsOf(promotions);
        assertThat(verdicts).allSatisfy(verdict -> {
            assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
            assertThat(verdict.metrics()).singleElement().satisfies(metric -> {
                assertThat(metric.count()).isEqualTo(MEASUREMENTS);
                assertThat(metric.successful()).isEqualTo(MEASUREMENTS);
            });
        });
        assertThat(measurementsOf(postgres, promotions))
                .allSatisfy((promotion, count) -> assertThat(count).isEqualTo(MEASUREMENTS));
        // still one verdict each after the outbox's safety net had its turns (it takes runs completed VERDICT_GRACE
        // ago, every second)
        await().during(VERDICT_GRACE.plusSeconds(4))
                .atMost(Duration.ofSeconds(30))
                .until(() -> kafka.readAll(EventType.ANALYSIS_COMPLETED.topic(), r -> verdictOf(r, promotions))
                                .size()
                        == promotions.size());
        assertThat(kafka.readAll(TOPIC + ".dlq", record -> true)).isEmpty();
        System.out.printf(
                "PostgreSQL stopped %d s while %d of %d stage-promoted arrived: %d runs, %d verdicts (each once), the"
                        + " last %d ms after the restart, 0 in %s.dlq%n",
                OUTAGE.toSeconds(), DURING, promotions.size(), runs.size(), verdicts.size(), lastVerdictMillis, TOPIC);
    }

    /** Sends one promotion of a verified stage; returns its id. */
    private static String send() {
        StagePromoted promoted = new StagePromoted(
                "p-" + UUID.randomUUID(),
                "books",
                "outage",
                "f-" + UUID.randomUUID().toString().substring(0, 8),
                "alias",
                List.of(),
                null,
                List.of(),
                List.of(new AnalysisTemplateRef("survives-outage", false, Map.of())),
                Instant.now());
        CloudEventAttributes attributes = CloudEventAttributes.newEvent(
                EventType.STAGE_PROMOTED, promoted, KafkaTestClient.TEST_SOURCE, "c0ffee", null);
        kafka.produceRaw(
                TOPIC,
                promoted.partitionKey(),
                EventCodec.encode(promoted),
                KafkaCloudEventHeaders.toHeaders(attributes));
        return promoted.promotionId();
    }

    private static boolean verdictOf(ConsumerRecord<String, byte[]> record, List<String> promotions) {
        return KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, record)
                .map(event -> promotions.contains(event.data().promotionId()))
                .orElse(false);
    }

    private static AnalysisCompleted decode(ConsumerRecord<String, byte[]> record) {
        return KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, record)
                .orElseThrow()
                .data();
    }

    /** Runs per promotion, of those that have one. */
    private static Map<String, Integer> runsOf(TestPostgres postgres, List<String> promotions) throws SQLException {
        return counts(
                postgres,
                "select promotion_id, count(*) from analysis_run where promotion_id = any(?) group by promotion_id",
                promotions);
    }

    /** Measurements stored per promotion. */
    private static Map<String, Integer> measurementsOf(TestPostgres postgres, List<String> promotions)
            throws SQLException {
        return counts(
                postgres,
                "select r.promotion_id, count(*) from measurement m join analysis_run r on r.id = m.run_id"
                        + " where r.promotion_id = any(?) group by r.promotion_id",
                promotions);
    }

    private static Map<String, Integer> counts(TestPostgres postgres, String query, List<String> promotions)
            throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = postgres.connect(DATABASE);
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setArray(1, connection.createArrayOf("text", promotions.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }
}
