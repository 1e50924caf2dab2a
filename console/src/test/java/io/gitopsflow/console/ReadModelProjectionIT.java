package io.gitopsflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.console.ScriptedFlow.Step;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The projection of every event of the flow on the real broker and database: a commit's scripted flow lands in every
 * table with its values, a redelivery changes nothing, the same events in a scrambled order across topics leave the
 * same rows, and events that name only their promotion end up filed under its commit.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class ReadModelProjectionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaTestClient kafka;
    private final AgroalDataSource database;
    private final ReadModelRows rows;

    ReadModelProjectionIT(AgroalDataSource database) {
        this.database = database;
        this.rows = new ReadModelRows(database);
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
    void aCommitsWholeFlowLandsInEveryTableWithItsValues() throws SQLException {
        ScriptedFlow flow = new ScriptedFlow(now());
        sendOneByOne(flow.inOrder());

        Instant imageAt = time(flow, "image");
        assertThat(text(
                        "select outcome || ' ' || image || ' ' || digest || ' ' || repository || ' ' || commit_sha"
                                + " || ' ' || checkout_millis || '/' || build_millis || '/' || push_millis || '/'"
                                + " || total_millis from build where build_id = ?",
                        flow.buildId))
                .isEqualTo("succeeded " + flow.imageRepository + " " + flow.image.digest() + " " + flow.repository + " "
                        + flow.commit + " 1200/8300/2100/11600");
        assertThat(instant("select finished_at from build where build_id = ?", flow.buildId))
                .isEqualTo(imageAt);
        assertThat(text(
                        "select origin || ' ' || build_id || ' ' || commit_sha || ' ' || tags::text from image"
                                + " where repository = ?",
                        flow.imageRepository))
                .isEqualTo("build-worker " + flow.buildId + " " + flow.commit + " [\"" + flow.commit + "\", \"main-"
                        + flow.commit.substring(0, 7) + "-1\"]");
        assertThat(text(
                        "select alias || ' ' || commit_sha || ' ' || (images->0->>'digest') from freight"
                                + " where freight_id = ?",
                        flow.dev.freightId()))
                .isEqualTo(flow.dev.alias() + " " + flow.commit + " " + flow.image.digest());

        assertFinished(flow, flow.dev, "promotion-service");
        assertFinished(flow, flow.staging, "alice");
        assertThat(text(
                        "select actor || ' ' || decision || ' ' || reason from approval where promotion_id = ?",
                        flow.staging.id()))
                .isEqualTo(ScriptedFlow.REVIEWER + " approved looks good");
        assertThat(instant("select decided_at from approval where promotion_id = ?", flow.staging.id()))
                .isEqualTo(time(flow, "staging.approved"));

        assertThat(text(
                        "select status || ' ' || commit || ' ' || stage from manifest_write where promotion_id = ?",
                        flow.staging.id()))
                .isEqualTo("committed " + flow.gitopsCommit(flow.staging) + " staging");
        assertThat(text(
                        "select phase || ' ' || (metrics->0->>'name') || ' ' || (metrics->0->>'successful')"
                                + " || ' ' || message from analysis_run where promotion_id = ?",
                        flow.dev.id()))
                .isEqualTo("Successful error-rate 3 all metrics passed");
        assertThat(text("select count(*) from flow_event where commit_sha = ?", flow.commit))
                .isEqualTo(String.valueOf(flow.inOrder().size()));
    }

    private void assertFinished(ScriptedFlow flow, Promotion promotion, String creator) throws SQLException {
        String stage = promotion.stage();
        assertThat(text(
                        "select phase || ' ' || phase_rank || ' ' || commit_sha || ' ' || freight_alias || ' '"
                                + " || created_by || ' ' || rollback from promotion where promotion_id = ?",
                        promotion.id()))
                .isEqualTo("Succeeded 5 " + flow.commit + " " + promotion.alias() + " " + creator + " false");
        Instant succeeded = time(flow, stage + ".succeeded");
        assertThat(instant("select phase_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(succeeded);
        assertThat(instant("select finished_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(succeeded);
        assertThat(instant("select verified_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(succeeded);
        assertThat(instant("select created_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(time(flow, stage + ".created"));
        assertThat(instant("select requested_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(time(flow, stage + ".requested"));
        assertThat(instant("select promoted_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(time(flow, stage + ".promoted"));
    }

    @Test
    void theSameEventsRedeliveredChangeNothing() throws Exception {
        ScriptedFlow flow = new ScriptedFlow(now());
        sendOneByOne(flow.inOrder());
        Map<String, List<String>> before = rows.of(flow);

        List<Step<?>> again = new ArrayList<>(flow.inOrder());
        Collections.reverse(again);
        List<RecordMetadata> sent = new ArrayList<>();
        for (Step<?> step : again) {
            sent.add(step.send(kafka));
        }
        awaitConsumed(sent);

        assertThat(rows.of(flow)).isEqualTo(before);
        assertThat(before).allSatisfy((table, rows) -> {
            if (!table.equals("stage_hold")) {
                assertThat(rows).as(table).isNotEmpty();
            }
        });
    }

    @Test
    void eventsInAScrambledOrderAcrossTopicsLeaveTheSameRowsAsTheRightOrder() throws SQLException {
        Instant start = now();
        ScriptedFlow right = new ScriptedFlow(start);
        ScriptedFlow scrambled = new ScriptedFlow(start);
        sendOneByOne(right.inOrder());
        // the write and the stage found healthy before the promotion that explains them; Succeeded before the older
        // phase changes; the approval before its promotion's creation; the Freight and the image after their use
        sendOneByOne(scrambled.inOrder(List.of(
                "dev.manifest",
                "dev.promoted",
                "dev.analysis",
                "staging.succeeded",
                "staging.analysis",
                "dev.succeeded",
                "dev.verifying",
                "dev.created",
                "freight",
                "image",
                "push",
                "dev.health_check",
                "dev.written",
                "dev.requested",
                "dev.writing",
                "staging.approved",
                "staging.manifest",
                "staging.promoted",
                "staging.created",
                "staging.verifying",
                "staging.writing",
                "staging.requested",
                "staging.written",
                "staging.health_check")));

        assertThat(rows.of(scrambled)).isEqualTo(rows.of(right));
        assertThat(text("select phase from promotion where promotion_id = ?", scrambled.dev.id()))
                .isEqualTo("Succeeded");
    }

    @Test
    void aWriteAndAnAnalysisThatNameOnlyThePromotionAreFiledUnderItsCommitOnceItIsKnown() throws SQLException {
        ScriptedFlow flow = new ScriptedFlow(now());
        Step<?> manifest = flow.step("dev.manifest");
        Step<?> analysis = flow.step("dev.analysis");
        sendOneByOne(List.of(manifest, analysis));
        assertThat(text("select count(*) from flow_event where promotion_id = ? and commit_sha is null", flow.dev.id()))
                .isEqualTo("2");

        sendOneByOne(List.of(flow.step("dev.created")));

        assertThat(text("select commit_sha from flow_event where event_id = ?", manifest.id()))
                .isEqualTo(flow.commit);
        assertThat(text("select commit_sha from flow_event where event_id = ?", analysis.id()))
                .isEqualTo(flow.commit);
        Step<?> later = flow.step("staging.analysis");
        sendOneByOne(List.of(flow.step("staging.created"), later));
        assertThat(text("select commit_sha from flow_event where event_id = ?", later.id()))
                .isEqualTo(flow.commit);
    }

    @Test
    void aFailedBuildEndsFailedWithItsStepAndAnExternalImageHasNoBuild() throws SQLException {
        String token = FlowEvents.sha().substring(0, 8);
        String repository = "acme/shelf-" + token;
        SourceCommit source = PromotionEvents.source(repository, PromotionEvents.sha(token));
        Instant at = now();
        send(EventType.BUILD_FAILED, PromotionEvents.buildFailed("build-" + token, source, at));
        String external = "registry.test/acme/shelf-" + token;
        send(
                EventType.IMAGE_PUBLISHED,
                PromotionEvents.externalImage(external, PromotionEvents.digest(token), source, at.plusSeconds(5)));

        assertThat(text(
                        "select outcome || ' ' || failed_step || ' ' || reason || ' ' || checkout_millis || '/'"
                                + " || build_millis || '/' || push_millis || '/' || total_millis from build"
                                + " where build_id = ?",
                        "build-" + token))
                .isEqualTo("failed build the Dockerfile's RUN step needs a Kubernetes builder 900/4100/0/5000");
        assertThat(instant("select finished_at from build where build_id = ?", "build-" + token))
                .isEqualTo(at);
        assertThat(text(
                        "select origin || ' ' || coalesce(build_id, 'none') || ' ' || commit_sha from image"
                                + " where repository = ?",
                        external))
                .isEqualTo("external none " + source.commit());
        assertThat(text("select count(*) from build where commit_sha = ?", source.commit()))
                .isEqualTo("1");
    }

    @Test
    void aRejectionIsRecordedWithItsReviewerAndTheLatestHoldChangeWins() throws SQLException {
        String token = FlowEvents.sha().substring(0, 8);
        String project = "shelf-" + token;
        Promotion prod = new Promotion(
                "prod-" + token, project, "prod", "freight-" + token, "calm-" + token, PromotionEvents.sha(token));
        Instant at = now();
        send(EventType.PROMOTION_UPDATED, PromotionEvents.created(prod, "alice", at));
        send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.rejected(prod, "carol", "not on a Friday", at.plusSeconds(1)));
        // a hold released, then the older hold-set arriving late: the release stands
        send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(
                        prod, Change.HOLD_RELEASED, Phase.REJECTED, null, "dave", "resume", at.plusSeconds(3)));
        send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(
                        prod, Change.HOLD_SET, Phase.PENDING, null, "erin", "rollback", at.plusSeconds(2)));

        assertThat(text("select phase || ' ' || reason from promotion where promotion_id = ?", prod.id()))
                .isEqualTo("Rejected not on a Friday");
        assertThat(instant("select finished_at from promotion where promotion_id = ?", prod.id()))
                .isEqualTo(at.plusSeconds(1));
        assertThat(text(
                        "select actor || ' ' || decision || ' ' || reason from approval where promotion_id = ?",
                        prod.id()))
                .isEqualTo("carol rejected not on a Friday");
        assertThat(text("select held || ' ' || actor || ' ' || reason from stage_hold where project = ?", project))
                .isEqualTo("false dave resume");
        assertThat(instant("select changed_at from stage_hold where project = ?", project))
                .isEqualTo(at.plusSeconds(3));
    }

    private <T extends GitopsFlowEvent> void send(EventType<T> type, T event) {
        CloudEventAttributes sent = kafka.produce(type, event, null);
        awaitStored(sent.id());
    }

    /** Sends each step and waits until the read model stored it, so the projection sees them in this order. */
    private void sendOneByOne(List<Step<?>> steps) {
        for (Step<?> step : steps) {
            step.send(kafka);
            awaitStored(step.id());
        }
    }

    private void awaitStored(String eventId) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "1".equals(text("select count(*) from flow_event where event_id = ?", eventId)));
    }

    /** Waits until the console's consumer group committed past every record sent: the projection has seen them. */
    private static void awaitConsumed(List<RecordMetadata> sent) throws Exception {
        String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            await().atMost(WAIT).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("console")
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                return sent.stream().allMatch(record -> {
                    OffsetAndMetadata offset = committed.get(new TopicPartition(record.topic(), record.partition()));
                    return offset != null && offset.offset() > record.offset();
                });
            });
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** When the step {@code label} of {@code flow} happened, as its event says. */
    private static Instant time(ScriptedFlow flow, String label) {
        Object event = flow.step(label).event().data();
        if (event instanceof ImagePublished image) {
            return image.publishedAt();
        }
        if (event instanceof PromotionUpdated update) {
            return update.updatedAt();
        }
        if (event instanceof PromotionRequested request) {
            return request.requestedAt();
        }
        if (event instanceof StagePromoted promoted) {
            return promoted.promotedAt();
        }
        throw new IllegalArgumentException("no time asserted for " + label);
    }

    private String text(String query, String key) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    private Instant instant(String query, String key) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                Timestamp value = result.next() ? result.getTimestamp(1) : null;
                return value == null ? null : value.toInstant();
            }
        }
    }
}
