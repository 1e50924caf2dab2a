package io.gitopsflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.console.ScriptedFlow.Step;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The projection of a whole flow on the real broker and database: a commit's scripted flow lands in every table with
 * its values, a redelivery changes nothing, the same events in a scrambled order across topics leave the same rows,
 * and events that name only their promotion end up filed under its commit.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class ReadModelProjectionIT {

    private static KafkaTestClient kafka;
    private final AgroalDataSource database;
    private final ReadModelRows rows;
    private ReadModelProbe probe;

    ReadModelProjectionIT(AgroalDataSource database) {
        this.database = database;
        this.rows = new ReadModelRows(database);
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @BeforeEach
    void probe() {
        probe = new ReadModelProbe(database, kafka);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aCommitsWholeFlowLandsInEveryTableWithItsValues() throws SQLException {
        ScriptedFlow flow = new ScriptedFlow(ReadModelProbe.now());
        probe.sendOneByOne(flow.inOrder());

        Instant imageAt = time(flow, "image");
        assertThat(probe.text(
                        "select outcome || ' ' || image || ' ' || digest || ' ' || repository || ' ' || commit_sha"
                                + " || ' ' || checkout_millis || '/' || build_millis || '/' || push_millis || '/'"
                                + " || total_millis from build where build_id = ?",
                        flow.buildId))
                .isEqualTo("succeeded " + flow.imageRepository + " " + flow.image.digest() + " " + flow.repository + " "
                        + flow.commit + " 1200/8300/2100/11600");
        assertThat(probe.instant("select finished_at from build where build_id = ?", flow.buildId))
                .isEqualTo(imageAt);
        Instant startedAt = time(flow, "build");
        assertThat(probe.text("select attempt from build where build_id = ?", flow.buildId))
                .isEqualTo("1");
        assertThat(probe.instant("select started_at from build where build_id = ?", flow.buildId))
                .isEqualTo(startedAt);
        assertThat(probe.instant("select queued_at from build where build_id = ?", flow.buildId))
                .isEqualTo(startedAt.minusMillis(400));
        assertThat(probe.text(
                        "select origin || ' ' || build_id || ' ' || commit_sha || ' ' || tags::text from image"
                                + " where repository = ?",
                        flow.imageRepository))
                .isEqualTo("build-worker " + flow.buildId + " " + flow.commit + " [\"" + flow.commit + "\", \"main-"
                        + flow.commit.substring(0, 7) + "-1\"]");
        assertThat(probe.text(
                        "select alias || ' ' || commit_sha || ' ' || (images->0->>'digest') from freight"
                                + " where freight_id = ?",
                        flow.dev.freightId()))
                .isEqualTo(flow.dev.alias() + " " + flow.commit + " " + flow.image.digest());

        assertFinished(flow, flow.dev, "promotion-service");
        assertFinished(flow, flow.staging, "alice");
        assertThat(probe.text(
                        "select actor || ' ' || decision || ' ' || reason from approval where promotion_id = ?",
                        flow.staging.id()))
                .isEqualTo(ScriptedFlow.REVIEWER + " approved looks good");
        assertThat(probe.instant("select decided_at from approval where promotion_id = ?", flow.staging.id()))
                .isEqualTo(time(flow, "staging.approved"));

        assertThat(probe.text(
                        "select status || ' ' || commit || ' ' || stage from manifest_write where promotion_id = ?",
                        flow.staging.id()))
                .isEqualTo("committed " + flow.gitopsCommit(flow.staging) + " staging");
        assertThat(probe.text(
                        "select phase || ' ' || (metrics->0->>'name') || ' ' || (metrics->0->>'successful')"
                                + " || ' ' || message from analysis_run where promotion_id = ?",
                        flow.dev.id()))
                .isEqualTo("Successful error-rate 3 all metrics passed");
        assertThat(probe.text("select count(*) from flow_event where commit_sha = ?", flow.commit))
                .isEqualTo(String.valueOf(flow.inOrder().size()));
    }

    private void assertFinished(ScriptedFlow flow, Promotion promotion, String creator) throws SQLException {
        String stage = promotion.stage();
        assertThat(probe.text(
                        "select phase || ' ' || phase_rank || ' ' || commit_sha || ' ' || freight_alias || ' '"
                                + " || created_by || ' ' || rollback from promotion where promotion_id = ?",
                        promotion.id()))
                .isEqualTo("Succeeded 5 " + flow.commit + " " + promotion.alias() + " " + creator + " false");
        Instant succeeded = time(flow, stage + ".succeeded");
        assertThat(probe.instant("select phase_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(succeeded);
        assertThat(probe.instant("select finished_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(succeeded);
        assertThat(probe.instant("select verified_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(succeeded);
        assertThat(probe.instant("select created_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(time(flow, stage + ".created"));
        assertThat(probe.instant("select requested_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(time(flow, stage + ".requested"));
        assertThat(probe.instant("select promoted_at from promotion where promotion_id = ?", promotion.id()))
                .isEqualTo(time(flow, stage + ".promoted"));
    }

    @Test
    void theSameEventsRedeliveredChangeNothing() throws Exception {
        ScriptedFlow flow = new ScriptedFlow(ReadModelProbe.now());
        probe.sendOneByOne(flow.inOrder());
        Map<String, List<String>> before = rows.of(flow);

        List<Step<?>> again = new ArrayList<>(flow.inOrder());
        Collections.reverse(again);
        List<RecordMetadata> sent = new ArrayList<>();
        for (Step<?> step : again) {
            sent.add(step.send(kafka));
        }
        ReadModelProbe.awaitConsumed(sent);

        assertThat(rows.of(flow)).isEqualTo(before);
        assertThat(before).allSatisfy((table, rows) -> {
            if (!table.equals("stage_hold")) {
                assertThat(rows).as(table).isNotEmpty();
            }
        });
    }

    @Test
    void eventsInAScrambledOrderAcrossTopicsLeaveTheSameRowsAsTheRightOrder() throws SQLException {
        Instant start = ReadModelProbe.now();
        ScriptedFlow right = new ScriptedFlow(start);
        ScriptedFlow scrambled = new ScriptedFlow(start);
        probe.sendOneByOne(right.inOrder());
        // the write and the stage found healthy before the promotion that explains them; Succeeded before the older
        // phase changes; the approval before its promotion's creation; the Freight and the image after their use
        probe.sendOneByOne(scrambled.inOrder(List.of(
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
                "build",
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
        assertThat(probe.text("select phase from promotion where promotion_id = ?", scrambled.dev.id()))
                .isEqualTo("Succeeded");
    }

    @Test
    void aWriteAndAnAnalysisThatNameOnlyThePromotionAreFiledUnderItsCommitOnceItIsKnown() throws SQLException {
        ScriptedFlow flow = new ScriptedFlow(ReadModelProbe.now());
        Step<?> manifest = flow.step("dev.manifest");
        Step<?> analysis = flow.step("dev.analysis");
        probe.sendOneByOne(List.of(manifest, analysis));
        assertThat(probe.text(
                        "select count(*) from flow_event where promotion_id = ? and commit_sha is null", flow.dev.id()))
                .isEqualTo("2");

        probe.sendOneByOne(List.of(flow.step("dev.created")));

        assertThat(probe.text("select commit_sha from flow_event where event_id = ?", manifest.id()))
                .isEqualTo(flow.commit);
        assertThat(probe.text("select commit_sha from flow_event where event_id = ?", analysis.id()))
                .isEqualTo(flow.commit);
        Step<?> later = flow.step("staging.analysis");
        probe.sendOneByOne(List.of(flow.step("staging.created"), later));
        assertThat(probe.text("select commit_sha from flow_event where event_id = ?", later.id()))
                .isEqualTo(flow.commit);
    }

    /** When the step {@code label} of {@code flow} happened, as its event says. */
    private static Instant time(ScriptedFlow flow, String label) {
        Object event = flow.step(label).event().data();
        if (event instanceof BuildStarted start) {
            return start.startedAt();
        }
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
}
