package io.gitopsflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rule of each table for what a happy flow does not show, on the real broker and database: a failed build, an
 * image built elsewhere, a rejection, holds changed out of order, a reverify of a finished promotion, a build's start
 * after its end, pipeline definitions out of order, a rollback, an answer republished under a new id.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class ReadModelRulesIT {

    private static KafkaTestClient kafka;
    private final AgroalDataSource database;
    private ReadModelProbe probe;

    ReadModelRulesIT(AgroalDataSource database) {
        this.database = database;
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void probe() {
        probe = new ReadModelProbe(database, kafka);
    }

    @Test
    void aFailedBuildEndsFailedWithItsStepAndAnExternalImageHasNoBuild() throws SQLException {
        String token = FlowEvents.sha().substring(0, 8);
        String repository = "acme/shelf-" + token;
        SourceCommit source = PromotionEvents.source(repository, PromotionEvents.sha(token));
        Instant at = ReadModelProbe.now();
        probe.send(EventType.BUILD_FAILED, PromotionEvents.buildFailed("build-" + token, source, at));
        String external = "registry.test/acme/shelf-" + token;
        probe.send(
                EventType.IMAGE_PUBLISHED,
                PromotionEvents.externalImage(external, PromotionEvents.digest(token), source, at.plusSeconds(5)));

        assertThat(probe.text(
                        "select outcome || ' ' || failed_step || ' ' || reason || ' ' || checkout_millis || '/'"
                                + " || build_millis || '/' || push_millis || '/' || total_millis from build"
                                + " where build_id = ?",
                        "build-" + token))
                .isEqualTo("failed build the Dockerfile's RUN step needs a Kubernetes builder 900/4100/0/5000");
        assertThat(probe.instant("select finished_at from build where build_id = ?", "build-" + token))
                .isEqualTo(at);
        assertThat(probe.text(
                        "select origin || ' ' || coalesce(build_id, 'none') || ' ' || commit_sha from image"
                                + " where repository = ?",
                        external))
                .isEqualTo("external none " + source.commit());
        assertThat(probe.text("select count(*) from build where commit_sha = ?", source.commit()))
                .isEqualTo("1");
    }

    @Test
    void aRejectionIsRecordedWithItsReviewerAndTheLatestHoldChangeWins() throws SQLException {
        String token = FlowEvents.sha().substring(0, 8);
        String project = "shelf-" + token;
        Promotion prod = new Promotion(
                "prod-" + token, project, "prod", "freight-" + token, "calm-" + token, PromotionEvents.sha(token));
        Instant at = ReadModelProbe.now();
        probe.send(EventType.PROMOTION_UPDATED, PromotionEvents.created(prod, "alice", at));
        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.rejected(prod, "carol", "not on a Friday", at.plusSeconds(1)));
        // a hold released, then the older hold-set arriving late: the release stands
        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(
                        prod, Change.HOLD_RELEASED, Phase.REJECTED, null, "dave", "resume", at.plusSeconds(3)));
        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(
                        prod, Change.HOLD_SET, Phase.PENDING, null, "erin", "rollback", at.plusSeconds(2)));

        assertThat(probe.text("select phase || ' ' || reason from promotion where promotion_id = ?", prod.id()))
                .isEqualTo("Rejected not on a Friday");
        assertThat(probe.instant("select finished_at from promotion where promotion_id = ?", prod.id()))
                .isEqualTo(at.plusSeconds(1));
        assertThat(probe.text(
                        "select actor || ' ' || decision || ' ' || reason from approval where promotion_id = ?",
                        prod.id()))
                .isEqualTo("carol rejected not on a Friday");
        assertThat(probe.text(
                        "select held || ' ' || actor || ' ' || reason from stage_hold where project = ?", project))
                .isEqualTo("false dave resume");
        assertThat(probe.instant("select changed_at from stage_hold where project = ?", project))
                .isEqualTo(at.plusSeconds(3));
    }

    @Test
    void aFinishedPromotionLeavesItsFinalPhaseOnlyForAReverify() throws SQLException {
        String token = FlowEvents.sha().substring(0, 8);
        Promotion qa = new Promotion(
                "qa-" + token, "shelf-" + token, "qa", "freight-" + token, "calm-" + token, PromotionEvents.sha(token));
        Instant at = ReadModelProbe.now();
        probe.send(EventType.PROMOTION_UPDATED, PromotionEvents.created(qa, "alice", at));
        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.moved(qa, Phase.VERIFYING, Phase.SUCCEEDED, null, at.plusSeconds(3)));
        // not a reverify, though stamped later: the final phase stands
        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.moved(qa, Phase.HEALTH_CHECK, Phase.VERIFYING, null, at.plusSeconds(4)));
        assertThat(probe.text("select phase from promotion where promotion_id = ?", qa.id()))
                .isEqualTo("Succeeded");

        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.moved(qa, Phase.SUCCEEDED, Phase.VERIFYING, "reverify", at.plusSeconds(5)));
        assertThat(probe.text(
                        "select phase || ' ' || coalesce(finished_at::text, 'running') from promotion"
                                + " where promotion_id = ?",
                        qa.id()))
                .isEqualTo("Verifying running");
        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.moved(qa, Phase.VERIFYING, Phase.FAILED, "error rate 7%", at.plusSeconds(6)));

        assertThat(probe.text("select phase || ' ' || reason from promotion where promotion_id = ?", qa.id()))
                .isEqualTo("Failed error rate 7%");
        assertThat(probe.instant("select finished_at from promotion where promotion_id = ?", qa.id()))
                .isEqualTo(at.plusSeconds(6));
        assertThat(probe.instant("select verified_at from promotion where promotion_id = ?", qa.id()))
                .isEqualTo(at.plusSeconds(3));
    }

    @Test
    void aBuildStartedAfterItsEndNeverMovesItBackToRunning() throws SQLException {
        String token = FlowEvents.sha().substring(0, 8);
        SourceCommit source = PromotionEvents.source("acme/shelf-" + token, PromotionEvents.sha(token));
        String failed = "build-" + token;
        Instant at = ReadModelProbe.now();
        probe.send(EventType.BUILD_FAILED, PromotionEvents.buildFailed(failed, source, at.plusSeconds(20)));
        probe.send(EventType.BUILD_STARTED, PromotionEvents.buildStarted(failed, source, at, at.plusSeconds(5), 1));

        assertThat(probe.text("select outcome || ' ' || attempt from build where build_id = ?", failed))
                .isEqualTo("failed 1");
        assertThat(probe.instant("select queued_at from build where build_id = ?", failed))
                .isEqualTo(at);
        assertThat(probe.instant("select started_at from build where build_id = ?", failed))
                .isEqualTo(at.plusSeconds(5));

        String running = "build-" + token + "-2";
        probe.send(EventType.BUILD_STARTED, PromotionEvents.buildStarted(running, source, at, at.plusSeconds(9), 2));
        probe.send(EventType.BUILD_STARTED, PromotionEvents.buildStarted(running, source, at, at.plusSeconds(1), 1));
        assertThat(probe.text("select outcome || ' ' || attempt from build where build_id = ?", running))
                .isEqualTo("running 2");
        assertThat(probe.instant("select started_at from build where build_id = ?", running))
                .isEqualTo(at.plusSeconds(9));
    }

    @Test
    void aPipelinesNewestDefinitionWinsWhateverOrderTheyArrive() throws SQLException {
        String project = "shelf-" + FlowEvents.sha().substring(0, 8);
        Instant at = ReadModelProbe.now();
        probe.send(
                EventType.PIPELINE_CONFIGURED,
                PromotionEvents.pipelineConfigured(project, "b", at.plusSeconds(10), "dev", "staging"));
        probe.send(EventType.PIPELINE_CONFIGURED, PromotionEvents.pipelineConfigured(project, "a", at, "dev"));

        assertThat(probe.text(
                        "select warehouse || ' ' || removed || ' ' || jsonb_array_length(definition->'stages')"
                                + " || ' ' || (definition->'stages'->1->>'name') from pipeline where project = ?",
                        project))
                .isEqualTo("images false 2 staging");
        assertThat(probe.text("select fingerprint from pipeline where project = ?", project))
                .isEqualTo("b".repeat(64));
        assertThat(probe.instant("select configured_at from pipeline where project = ?", project))
                .isEqualTo(at.plusSeconds(10));

        probe.send(EventType.PIPELINE_CONFIGURED, PromotionEvents.pipelineRemoved(project, at.plusSeconds(20)));
        assertThat(probe.text(
                        "select removed || ' ' || coalesce(warehouse, 'none') from pipeline where project = ?",
                        project))
                .isEqualTo("true none");
    }

    @Test
    void aRollbackIsMarkedOnItsPromotionWhicheverUpdateSaysSo() throws SQLException {
        String token = FlowEvents.sha().substring(0, 8);
        Promotion prod =
                new Promotion("prod-" + token, "shelf-" + token, "prod", "freight-" + token, "calm-" + token, null);
        Instant at = ReadModelProbe.now();
        // the rollback's hold-set arrives before its creation: the row is a rollback from the first word on
        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(
                        prod, true, Change.HOLD_SET, Phase.PENDING, null, "alice", "rollback", at.plusSeconds(1)));
        probe.send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(prod, true, Change.CREATED, Phase.PENDING, null, "alice", null, at));

        assertThat(probe.text(
                        "select rollback || ' ' || phase || ' ' || created_by from promotion"
                                + " where promotion_id = ?",
                        prod.id()))
                .isEqualTo("true Pending alice");
        assertThat(probe.text("select held || ' ' || actor from stage_hold where project = ?", prod.project()))
                .isEqualTo("true alice");
    }

    @Test
    void anAnswerRepublishedUnderANewIdIsStillOneEvent() throws Exception {
        String token = FlowEvents.sha().substring(0, 8);
        SourceCommit source = PromotionEvents.source("acme/shelf-" + token, PromotionEvents.sha(token));
        ImagePublished image = PromotionEvents.builtImage(
                "registry.test/acme/shelf-" + token,
                PromotionEvents.digest(token),
                source,
                "build-" + token,
                ReadModelProbe.now());
        List<RecordMetadata> sent = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) {
            CloudEventAttributes fresh = CloudEventAttributes.newEvent(
                    EventType.IMAGE_PUBLISHED, image, KafkaTestClient.TEST_SOURCE, source.commit(), null);
            sent.add(kafka.produce(EventType.IMAGE_PUBLISHED, new EventEnvelope<>(fresh, image)));
        }
        ReadModelProbe.awaitConsumed(sent);

        assertThat(probe.text("select count(*) from flow_event where commit_sha = ?", source.commit()))
                .isEqualTo("1");
        assertThat(probe.text("select outcome from build where build_id = ?", "build-" + token))
                .isEqualTo("succeeded");
    }
}
