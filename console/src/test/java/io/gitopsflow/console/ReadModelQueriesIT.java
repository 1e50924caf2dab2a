package io.gitopsflow.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queries of the Freight and Promotion pages over events sent on the real broker and projected into the real
 * database: a pipeline's Freight newest first, page by page, each with its state in every stage (current, older than
 * current: a rollback); its promotions newest first; one promotion whole with its writes, decisions, verification and
 * events; and the answers to unknown and bad names.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class ReadModelQueriesIT {

    private static KafkaTestClient kafka;
    private final AgroalDataSource database;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private ProjectedEvents events;

    ReadModelQueriesIT(AgroalDataSource database) {
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
    void track() {
        events = new ProjectedEvents(kafka, database);
    }

    @Test
    void freightComesNewestFirstPageByPageWithItsStateInEveryStage() {
        Pipeline pipeline = new Pipeline();
        awaitProjected();

        JsonPath first = get("/pipelines/" + pipeline.project + "/freight?limit=2");

        assertThat(first.getList("stages")).containsExactly("dev", "staging", "prod");
        assertThat(first.getList("freight.alias")).containsExactly("wild-fox", "eager-lynx");
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotNull();
        JsonPath second = get("/pipelines/" + pipeline.project + "/freight?limit=2&before=" + cursor);
        assertThat(second.getList("freight.alias")).containsExactly("brave-otter");
        assertThat(second.getString("nextCursor")).isNull();

        // brave-otter: replaced in dev by a newer Freight (a rollback there), runs in staging, never went to prod
        assertThat(second.getString("freight[0].id")).isEqualTo(pipeline.oldest);
        assertThat(second.getString("freight[0].commit.sha")).isEqualTo(pipeline.commit);
        assertThat(second.getString("freight[0].commit.message")).isEqualTo("feat: books");
        assertThat(second.getString("freight[0].commit.author")).isEqualTo("Ada");
        assertThat(second.getList("freight[0].images.tag")).containsExactly("1.0.0");
        assertThat(second.getList("freight[0].stages.stage")).containsExactly("dev", "staging", "prod");
        assertThat(second.getList("freight[0].stages.current")).containsExactly(false, true, false);
        assertThat(second.getList("freight[0].stages.olderThanCurrent")).containsExactly(true, false, false);
        assertThat(second.getString("freight[0].stages[0].latestPromotion.phase"))
                .isEqualTo("Succeeded");
        assertThat(second.getString("freight[0].stages[2].latestPromotion")).isNull();

        // eager-lynx runs in dev, verified; it is newer than what runs in staging
        assertThat(first.getList("freight[1].stages.current")).containsExactly(true, false, false);
        assertThat(first.getList("freight[1].stages.olderThanCurrent")).containsExactly(false, false, false);
        assertThat(first.getString("freight[1].stages[0].latestPromotion.id")).isEqualTo(pipeline.devNow.id());
        assertThat(first.getString("freight[1].stages[0].latestPromotion.verificationPhase"))
                .isEqualTo("Successful");
        assertThat(Instant.parse(first.getString("freight[1].stages[0].latestPromotion.since")))
                .isEqualTo(pipeline.at(-150));

        // wild-fox failed in dev: its latest promotion there says so, and it runs nowhere
        assertThat(first.getString("freight[0].stages[0].latestPromotion.phase"))
                .isEqualTo("Failed");
        assertThat(first.getList("freight[0].stages.current")).containsOnly(false);
        assertThat(first.getList("freight[0].stages.olderThanCurrent")).containsOnly(false);
    }

    @Test
    void promotionsComeNewestFirstPageByPageOfOneStageOrAll() {
        Pipeline pipeline = new Pipeline();
        awaitProjected();

        JsonPath all = get("/pipelines/" + pipeline.project + "/promotions");
        assertThat(all.getList("promotions.id"))
                .containsExactly(
                        pipeline.rejected.id(),
                        pipeline.devFailed.id(),
                        pipeline.devNow.id(),
                        pipeline.staging.id(),
                        pipeline.devFirst.id());
        assertThat(all.getString("nextCursor")).isNull();

        JsonPath dev = get("/pipelines/" + pipeline.project + "/promotions?stage=dev&limit=2");
        assertThat(dev.getString("stage")).isEqualTo("dev");
        assertThat(dev.getList("promotions.id")).containsExactly(pipeline.devFailed.id(), pipeline.devNow.id());
        assertThat(dev.getList("promotions.freight.alias")).containsExactly("wild-fox", "eager-lynx");
        assertThat(dev.getList("promotions.phase")).containsExactly("Failed", "Succeeded");
        assertThat(dev.getString("promotions[0].reason")).isEqualTo("error rate 12% over 5%");
        assertThat(dev.getString("promotions[0].requestedBy")).isEqualTo(PromotionEvents.SERVICE);
        assertThat(Instant.parse(dev.getString("promotions[0].requestedAt"))).isEqualTo(pipeline.at(-90));
        JsonPath older =
                get("/pipelines/" + pipeline.project + "/promotions?stage=dev&limit=2&before=" + dev.get("nextCursor"));
        assertThat(older.getList("promotions.id")).containsExactly(pipeline.devFirst.id());
        assertThat(older.getString("nextCursor")).isNull();
    }

    @Test
    void aPromotionShowsItsWritesDecisionsVerificationAndEvents() {
        Pipeline pipeline = new Pipeline();
        awaitProjected();

        JsonPath promotion = get("/promotions/" + pipeline.staging.id());

        assertThat(promotion.getString("pipeline")).isEqualTo(pipeline.project);
        assertThat(promotion.getString("stage")).isEqualTo("staging");
        assertThat(promotion.getString("freight.alias")).isEqualTo("brave-otter");
        assertThat(promotion.getString("commit.message")).isEqualTo("feat: books");
        assertThat(promotion.getString("phase")).isEqualTo("Succeeded");
        assertThat(promotion.getString("requestedBy")).isEqualTo("alice");
        assertThat(promotion.getBoolean("rollback")).isFalse();
        assertThat(promotion.getList("phases.phase")).containsExactly("Pending", "Writing", "Verifying", "Succeeded");
        assertThat(promotion.getList("phases.previousPhase")).containsExactly(null, "Pending", "Writing", "Verifying");
        assertThat(promotion.getList("approvals.actor")).containsExactly("bob");
        assertThat(promotion.getString("approvals[0].reason")).isEqualTo("looks good");
        assertThat(promotion.getList("writes.status")).containsExactly("failed", "committed");
        assertThat(promotion.getString("writes[0].failureReason")).isEqualTo("merge conflict in staging/values.yaml");
        assertThat(promotion.getString("writes[1].commit")).isEqualTo(pipeline.gitopsCommit);
        assertThat(promotion.getString("writes[1].repositoryUrl"))
                .isEqualTo("http://git.test/gitops/" + pipeline.project + ".git");
        assertThat(promotion.getString("writes[1].branch")).isEqualTo("main");
        assertThat(promotion.getString("writes[1].path")).isEqualTo("staging/values.yaml");
        assertThat(promotion.getString("writes[1].field")).isEqualTo("image.tag");
        assertThat(promotion.getString("writes[1].previousValue")).isEqualTo("0.9.0");
        assertThat(promotion.getString("writes[1].newValue")).isEqualTo(pipeline.commit);
        assertThat(promotion.getString("verifications[0].phase")).isEqualTo("Successful");
        assertThat(promotion.getString("verifications[0].metrics[0].name")).isEqualTo("error-rate");
        assertThat(promotion.getInt("verifications[0].metrics[0].count")).isEqualTo(3);
        assertThat(promotion.getInt("verifications[0].metrics[0].successful")).isEqualTo(3);
        assertThat(promotion.getString("verifications[0].metrics[0].lastValue")).isEqualTo("0.01");
        assertThat(promotion.getList("events.topic"))
                .containsExactly(
                        "promotion-updated",
                        "promotion-updated",
                        "promotion-updated",
                        "manifest-updated",
                        "manifest-updated",
                        "promotion-updated",
                        "analysis-completed",
                        "promotion-updated");
        assertThat(promotion.getList("events.change")).contains("approved", "committed", "failed");

        JsonPath rejected = get("/promotions/" + pipeline.rejected.id());
        assertThat(rejected.getString("phase")).isEqualTo("Rejected");
        assertThat(rejected.getBoolean("rollback")).isTrue();
        assertThat(rejected.getList("rejections.actor")).containsExactly("erin");
        assertThat(rejected.getString("rejections[0].reason")).isEqualTo("not during the <b>sale</b>");
        assertThat(rejected.getList("approvals")).isEmpty();
        assertThat(rejected.getList("writes")).isEmpty();
    }

    @Test
    void unknownNamesAreNotFoundAndBadOnesBadRequests() {
        String unknown = FlowEvents.name("nothing");
        answer("/pipelines/" + unknown + "/freight", 404, "pipeline '" + unknown + "' is not known");
        answer("/pipelines/" + unknown + "/promotions", 404, "pipeline '" + unknown + "' is not known");
        String missing = UUID.randomUUID().toString();
        answer("/promotions/" + missing, 404, "promotion " + missing + " is not known");
        answer("/pipelines/Books/freight", 400, "is not a DNS label");
        answer("/pipelines/books/promotions?stage=Prod", 400, "is not a DNS label");
        answer("/pipelines/books/freight?limit=0", 400, "from 1 to 200");
        answer("/pipelines/books/freight?limit=201", 400, "from 1 to 200");
        answer("/pipelines/books/promotions?limit=ten", 400, "from 1 to 200");
        answer("/pipelines/books/freight?before=not-a-cursor", 400, "not one this console gave");
        answer("/promotions/not-a-uuid", 400, "is not a promotion id");
        given().get("/promotions/" + missing).then().statusCode(401);
        given().get("/pipelines/books/freight").then().statusCode(401);
    }

    /**
     * One pipeline's Freight and promotions, sent as the services publish them: three Freight; dev ran brave-otter,
     * then eager-lynx (verified), then failed with wild-fox; staging runs brave-otter (approved, one write failed
     * then one committed, verified); a rollback of staging to brave-otter was rejected.
     */
    private final class Pipeline {
        final String project = FlowEvents.name("books");
        final String commit = FlowEvents.sha();
        final String oldest = FlowEvents.sha();
        final String gitopsCommit = FlowEvents.sha();
        final Promotion devFirst;
        final Promotion devNow;
        final Promotion devFailed;
        final Promotion staging;
        final Promotion rejected;

        Pipeline() {
            send(
                    EventType.PIPELINE_CONFIGURED,
                    PromotionEvents.pipelineConfigured(project, "a", at(-3600), "dev", "staging", "prod"),
                    null);
            send(
                    EventType.COMMIT_PUSHED,
                    FlowEvents.commitPushed("acme/" + project, commit, at(-400), at(-390)),
                    commit);
            String newer = FlowEvents.sha();
            String newest = FlowEvents.sha();
            freight(oldest, "brave-otter", "1.0.0", commit, at(-300));
            freight(newer, "eager-lynx", "1.1.0", FlowEvents.sha(), at(-200));
            freight(newest, "wild-fox", "1.2.0", FlowEvents.sha(), at(-100));
            devFirst = promotion("dev", oldest, "brave-otter", commit);
            devNow = promotion("dev", newer, "eager-lynx", null);
            devFailed = promotion("dev", newest, "wild-fox", null);
            staging = promotion("staging", oldest, "brave-otter", commit);
            rejected = promotion("staging", oldest, "brave-otter", commit);
            succeed(devFirst, PromotionEvents.SERVICE, at(-290));
            succeed(devNow, PromotionEvents.SERVICE, at(-160));
            send(EventType.ANALYSIS_COMPLETED, PromotionEvents.analysed(devNow, run(), at(-155), at(-151)), null);
            send(
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.created(devFailed, PromotionEvents.SERVICE, at(-90)),
                    null);
            send(
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.moved(devFailed, Phase.VERIFYING, Phase.FAILED, "error rate 12% over 5%", at(-80)),
                    null);
            stagingFlow();
            send(EventType.PROMOTION_UPDATED, PromotionEvents.created(rejected, "alice", at(-40)), null);
            send(
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.updated(
                            rejected,
                            true,
                            io.gitopsflow.events.PromotionUpdated.Change.REJECTED,
                            Phase.REJECTED,
                            Phase.PENDING,
                            "erin",
                            "not during the <b>sale</b>",
                            at(-30)),
                    null);
        }

        /** staging: created by alice, approved by bob, a failed write then a committed one, verified. */
        private void stagingFlow() {
            send(EventType.PROMOTION_UPDATED, PromotionEvents.created(staging, "alice", at(-250)), null);
            send(EventType.PROMOTION_UPDATED, PromotionEvents.approved(staging, "bob", at(-245)), null);
            send(
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.moved(staging, Phase.PENDING, Phase.WRITING, null, at(-240)),
                    null);
            send(EventType.MANIFEST_UPDATED, failedWrite(staging, at(-235)), null);
            send(EventType.MANIFEST_UPDATED, PromotionEvents.committed(staging, gitopsCommit, at(-230)), null);
            send(
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.moved(staging, Phase.WRITING, Phase.VERIFYING, null, at(-225)),
                    null);
            send(EventType.ANALYSIS_COMPLETED, PromotionEvents.analysed(staging, run(), at(-224), at(-221)), null);
            send(
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.moved(staging, Phase.VERIFYING, Phase.SUCCEEDED, null, at(-220)),
                    null);
        }

        private void succeed(Promotion promotion, String actor, Instant at) {
            send(EventType.PROMOTION_UPDATED, PromotionEvents.created(promotion, actor, at), null);
            send(
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.moved(promotion, Phase.VERIFYING, Phase.SUCCEEDED, null, at.plusSeconds(10)),
                    null);
        }

        private void freight(String id, String alias, String tag, String source, Instant at) {
            events.freight(project, id, alias, tag, source, at);
        }

        private Promotion promotion(String stage, String freightId, String alias, String source) {
            return new Promotion(UUID.randomUUID().toString(), project, stage, freightId, alias, source);
        }

        private static String run() {
            return "run-" + UUID.randomUUID();
        }

        Instant at(long secondsFromNow) {
            return now.plusSeconds(secondsFromNow);
        }
    }

    /** gitops-writer could not write the promotion's target: a merge conflict. */
    private static ManifestUpdated failedWrite(Promotion promotion, Instant at) {
        GitOpsTarget target = new GitOpsTarget(
                "http://git.test/gitops/" + promotion.project() + ".git",
                "main",
                promotion.stage() + "/values.yaml",
                GitOpsTarget.EditKind.HELM_VALUES,
                "image.tag",
                GitOpsTarget.ValueFormat.TAG,
                GitOpsTarget.WriteMode.PUSH,
                null);
        return new ManifestUpdated(
                promotion.id() + "-retry",
                promotion.id(),
                promotion.project(),
                promotion.stage(),
                promotion.freightId(),
                target,
                ManifestUpdated.Status.FAILED,
                null,
                "0.9.0",
                null,
                null,
                "merge conflict in staging/values.yaml",
                1,
                at);
    }

    private <T extends GitopsFlowEvent> void send(EventType<T> type, T event, String correlation) {
        events.send(type, event, correlation);
    }

    private void awaitProjected() {
        events.awaitProjected();
    }

    private static JsonPath get(String path) {
        return given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void answer(String path, int status, String reason) {
        given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(status)
                .body("error", containsString(reason));
    }
}
