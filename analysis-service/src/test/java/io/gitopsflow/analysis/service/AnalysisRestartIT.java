package io.gitopsflow.analysis.service;

import static io.restassured.RestAssured.given;
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
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged service killed (SIGKILL) in the middle of a run, and a new process on the same database finishing it. */
class AnalysisRestartIT {

    private static final int COUNT = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    // a stage-promoted topic of this test only: a Quarkus test app of another IT in this JVM may still consume the
    // contract's; verdicts go to the contract's analysis-completed (the publisher sets the topic), told by promotion
    private final String promotedTopic = "stage-promoted-restart-" + suffix;
    private final String completedTopic = EventType.ANALYSIS_COMPLETED.topic();
    private final String database = "analysis_restart_" + suffix;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private HttpServer web;
    private KafkaTestClient kafka;
    private ServiceProcess service;

    @BeforeEach
    void infrastructure() throws Exception {
        KafkaCluster cluster = KafkaCluster.shared();
        cluster.createTopics(1, List.of(promotedTopic, promotedTopic + ".dlq", completedTopic));
        kafka = new KafkaTestClient(cluster.bootstrapServers());
        TestPostgres postgres = TestPostgres.shared();
        postgres.createDatabase(database);
        web = AnalysisTestResource.startWebEndpoint();
        Path templates = TestFolders.newFolder("analysis-restart-templates");
        Files.writeString(templates.resolve("restart.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: survives-restart
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
                        COUNT, web.getAddress().getPort()));

        properties.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        properties.putAll(JwtTestResource.settings());
        properties.putAll(postgres.quarkusDatasource(database));
        properties.put("gitops-flow.analysis.templates-dir", templates.toString());
        // the measurement the killed process had claimed is taken again 3 s later, not after the 2 min default
        properties.put("gitops-flow.analysis.measurement-lease", "3s");
        properties.put("mp.messaging.incoming.stage-promoted.topic", promotedTopic);
        properties.put("mp.messaging.incoming.stage-promoted.dead-letter-queue.topic", promotedTopic + ".dlq");
        properties.put("mp.messaging.incoming.stage-promoted.group.id", "analysis-restart-" + suffix);
        // the killed consumer leaves the group after 6 s (the broker's minimum) rather than 45 s
        properties.put("mp.messaging.incoming.stage-promoted.session.timeout.ms", "6000");
    }

    @AfterEach
    void stop() {
        // killed, not stopped: its topic, group and database are this test's, so a clean stop (seconds) tidies nothing
        ServiceProcess.killAll(service);
        if (kafka != null) {
            kafka.close();
        }
        if (web != null) {
            web.stop(0);
        }
    }

    private ServiceProcess start(String instance) {
        return ServiceProcess.start(
                "analysis-service (" + instance + ")",
                Path.of("target", "quarkus-app", "quarkus-run.jar"),
                TestFolders.freePort(),
                ServiceProcess.quickStartOptions("256m"),
                properties,
                Path.of("target", "analysis-restart-" + suffix + "-" + instance + ".log"),
                Duration.ofSeconds(90));
    }

    private static List<Map<String, Object>> measurements(ServiceProcess service, String runId) {
        return given().baseUri(service.url())
                .auth()
                .oauth2(JwtTestResource.token("viewer"))
                .get("/analysis-runs/" + runId + "/measurements")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    private static List<String> runIds(ServiceProcess service, String promotionId) {
        return given().baseUri(service.url())
                .auth()
                .oauth2(JwtTestResource.token("viewer"))
                .queryParam("promotionId", promotionId)
                .get("/analysis-runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", String.class);
    }

    private List<ConsumerRecord<String, byte[]>> verdictsOf(String promotionId) {
        return kafka.readAll(completedTopic, record -> isVerdictOf(record, promotionId));
    }

    private static boolean isVerdictOf(ConsumerRecord<String, byte[]> record, String promotionId) {
        return KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, record)
                .map(event -> promotionId.equals(event.data().promotionId()))
                .orElse(false);
    }

    @Test
    void aRunWhoseProcessIsKilledMidwayCompletesOnceInTheNextProcessWithEveryMeasurementOnce() {
        long started = System.nanoTime();
        service = start("first");
        StagePromoted promoted = new StagePromoted(
                "p-" + UUID.randomUUID(),
                "books",
                "restart",
                "f-" + suffix,
                "alias",
                List.of(),
                null,
                List.of(),
                List.of(new AnalysisTemplateRef("survives-restart", false, Map.of())),
                Instant.now());
        CloudEventAttributes attributes = CloudEventAttributes.newEvent(
                EventType.STAGE_PROMOTED, promoted, KafkaTestClient.TEST_SOURCE, "c0ffee", null);
        kafka.produceRaw(
                promotedTopic,
                promoted.partitionKey(),
                EventCodec.encode(promoted),
                KafkaCloudEventHeaders.toHeaders(attributes));

        ServiceProcess first = service;
        String runId = await().atMost(WAIT)
                .until(() -> runIds(first, promoted.promotionId()), ids -> !ids.isEmpty())
                .get(0);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> measurements(first, runId).size() >= 1);
        first.kill();
        service = null;
        int beforeKill = measurements(runId);
        // killed in the middle: some measurements stored, not all
        assertThat(beforeKill).isBetween(1, COUNT - 1);

        service = start("second");
        ConsumerRecord<String, byte[]> record = kafka.awaitRecords(
                        completedTopic, 1, r -> isVerdictOf(r, promoted.promotionId()), WAIT)
                .get(0);
        AnalysisCompleted verdict = KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, record)
                .orElseThrow()
                .data();
        long wallMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf(
                "analysis run of %d measurements 1 s apart, killed after %d, completed by a second process: %d ms"
                        + " end to end%n",
                COUNT, beforeKill, wallMillis);

        assertThat(verdict.analysisRunId()).isEqualTo(runId);
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.metrics()).singleElement().satisfies(metric -> {
            assertThat(metric.count()).isEqualTo(COUNT);
            assertThat(metric.successful()).isEqualTo(COUNT);
        });
        // every measurement stored exactly once: none lost with the killed process, none taken twice
        assertThat(measurements(service, runId))
                .hasSize(COUNT)
                .allSatisfy(m -> assertThat(m.get("phase")).isEqualTo("Successful"));
        assertThat(runIds(service, promoted.promotionId())).containsExactly(runId);
        // exactly one verdict for the promotion, also a few ticks later (a second publish would show by then)
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> verdictsOf(promoted.promotionId()).size() == 1);
    }

    /** Measurements of the run in the database, read while no service runs. */
    private int measurements(String runId) {
        try (var connection = TestPostgres.shared().connect(database);
                var statement = connection.prepareStatement("select count(*) from measurement where run_id = ?")) {
            statement.setString(1, runId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
