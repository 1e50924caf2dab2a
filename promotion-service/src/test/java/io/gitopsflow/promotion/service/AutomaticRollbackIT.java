package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.PromotionApi.WAIT;
import static io.gitopsflow.promotion.PromotionApi.act;
import static io.gitopsflow.promotion.PromotionApi.audit;
import static io.gitopsflow.promotion.PromotionApi.awaitCurrent;
import static io.gitopsflow.promotion.PromotionApi.awaitFreight;
import static io.gitopsflow.promotion.PromotionApi.commit;
import static io.gitopsflow.promotion.PromotionApi.stage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.PromotionApi;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 25, item 3: a stage with {@code onVerificationFailure: rollback} promotes the Freight it ran verified before
 * when a verification fails — once, however often the verdict is delivered; a rollback that fails its own verification
 * stops there; a freeze stops the rollback unless the stage lets rollbacks through. gitops-writer and analysis-service
 * are played by the test on their real topics (the promotion-requested carries the image gitops-writer writes back).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class AutomaticRollbackIT {

    private static final String SERVICE = "promotion-service";
    private static KafkaTestClient kafka;
    private static PromotionApi api;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
        api = new PromotionApi(kafka);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aFailedVerificationRollsBackToTheFreightVerifiedBeforeExactlyOnceAndAFailedRollbackStops() {
        // the first Freight fails with nothing verified before it: it just fails, and says why
        PromotionRequested first = autoPromoted("reverted", "1a1a1a1", 1);
        verdict(first, AnalysisCompleted.Phase.FAILED);
        awaitStatus(first.promotionId(), "FAILED");
        assertThat(promotion(first.promotionId()).getString("reason"))
                .contains("no earlier verified Freight in the stage to roll back to");

        // the second is verified, the third fails: prod is promoted back to the second by the service
        PromotionRequested good = autoPromoted("reverted", "2b2b2b2", 2);
        verdict(good, AnalysisCompleted.Phase.SUCCESSFUL);
        awaitStatus(good.promotionId(), "SUCCEEDED");
        PromotionRequested bad = autoPromoted("reverted", "3c3c3c3", 3);
        EventEnvelope<AnalysisCompleted> failedDelivery = verdict(bad, AnalysisCompleted.Phase.FAILED);
        AnalysisCompleted failed = failedDelivery.data();
        PromotionRequested rollback = awaitRollbackRequest("reverted", good);
        assertThat(rollback.image()).isEqualTo(good.image());
        assertThat(rollback.freightId()).isEqualTo(good.freightId());
        assertThat(rollback.requestedBy()).isEqualTo(SERVICE);
        JsonPath rolledBack = promotion(rollback.promotionId());
        assertThat(rolledBack.getBoolean("rollback")).isTrue();
        assertThat(rolledBack.getString("rollbackOf")).isEqualTo(bad.promotionId());
        assertThat(promotion(bad.promotionId()).getString("status")).isEqualTo("FAILED");
        assertThat(promotion(bad.promotionId()).getString("reason"))
                .contains(failed.analysisRunId())
                .contains("rolling back to Freight");
        JsonPath prod = stage("reverted", "prod");
        assertThat(prod.getBoolean("hold")).isTrue();
        assertThat(prod.getString("holdReason")).contains(rollback.promotionId());

        // the same verdict again (a redelivery) starts nothing: the verdict after it, on the same partition, shows
        // it was read; the rollback failing its own verification is not rolled back again
        kafka.produce(EventType.ANALYSIS_COMPLETED, failedDelivery);
        api.committed(rollback);
        awaitCurrent("reverted", "prod", good.freightId());
        verdict(rollback, AnalysisCompleted.Phase.FAILED);
        awaitStatus(rollback.promotionId(), "FAILED");
        assertThat(promotion(rollback.promotionId()).getString("reason"))
                .contains("is not rolled back again: a person decides");
        assertThat(api.requests("reverted", "prod"))
                .extracting(PromotionRequested::promotionId)
                .containsExactly(first.promotionId(), good.promotionId(), bad.promotionId(), rollback.promotionId());
        assertThat(stage("reverted", "prod").getString("promotionId")).isEqualTo(rollback.promotionId());
        theTrailTellsTheRollbackAndItsFailure(bad, rollback, failed);
    }

    @Test
    void aFreezeStopsTheRollbackUnlessTheStageLetsRollbacksThroughWithoutWaitingForApprovers() {
        String alice = TestSupport.token("alice", "promoter", "freeze-override");
        String bob = TestSupport.token("bob", "prod-approver");
        // the stage's settings reach the console's board with its definition
        PipelineConfigured.Stage declared = kafka.awaitEvent(
                        EventType.PIPELINE_CONFIGURED, e -> e.data().project().equals("thawed"), WAIT)
                .data()
                .stages()
                .get(0);
        assertThat(declared.onVerificationFailure()).isEqualTo(PipelineConfigured.OnVerificationFailure.ROLLBACK);
        assertThat(declared.rollbackThroughWindows()).isTrue();

        // iced: the failure stands, and says the window blocked the rollback
        PromotionRequested icedGood = promotedThroughTheFreeze("iced", "4d4d4d4", 4, alice, null);
        verdict(icedGood, AnalysisCompleted.Phase.SUCCESSFUL);
        awaitStatus(icedGood.promotionId(), "SUCCEEDED");
        PromotionRequested icedBad = promotedThroughTheFreeze("iced", "5e5e5e5", 5, alice, null);
        verdict(icedBad, AnalysisCompleted.Phase.FAILED);
        awaitStatus(icedBad.promotionId(), "FAILED");
        assertThat(promotion(icedBad.promotionId()).getString("reason"))
                .contains("rollback blocked by window: deny window '* * * * *'");
        assertThat(stage("iced", "prod").getString("promotionId")).isEqualTo(icedBad.promotionId());
        assertThat(audit("iced", "prod").getList("action")).doesNotContain(AutomaticRollback.STARTED);
        assertThat(api.requests("iced", "prod")).hasSize(2);

        // thawed: the rollback passes the freeze (recorded as an override by the service) and needs no approver
        PromotionRequested thawedGood = promotedThroughTheFreeze("thawed", "6f6f6f6", 6, alice, bob);
        verdict(thawedGood, AnalysisCompleted.Phase.SUCCESSFUL);
        awaitStatus(thawedGood.promotionId(), "SUCCEEDED");
        PromotionRequested thawedBad = promotedThroughTheFreeze("thawed", "7a7a7a7", 7, alice, bob);
        verdict(thawedBad, AnalysisCompleted.Phase.FAILED);
        PromotionRequested rollback = awaitRollbackRequest("thawed", thawedGood);
        assertThat(rollback.image()).isEqualTo(thawedGood.image());
        JsonPath trail = PromotionApi.audit("thawed", "prod");
        List<String> ofRollback = actionsOf(trail, rollback.promotionId());
        assertThat(ofRollback).contains("window-overridden", "writing").doesNotContain("approved");
        assertThat(trail.getList("findAll { it.promotionId == '" + rollback.promotionId()
                        + "' && it.action == 'window-overridden' }.actor"))
                .containsExactly(SERVICE);
    }

    /** The trail and the promotion-updated events the console's notifications read. */
    private static void theTrailTellsTheRollbackAndItsFailure(
            PromotionRequested bad, PromotionRequested rollback, AnalysisCompleted failed) {
        JsonPath trail = audit("reverted", "prod");
        assertThat(trail.getList("findAll { it.action == '" + AutomaticRollback.STARTED + "' }.promotionId"))
                .containsExactly(bad.promotionId());
        assertThat(actionsOf(trail, rollback.promotionId()))
                .containsSubsequence("promotion-requested", "auto-promotion-held", "writing", "verifying", "failed");
        String requested = trail.getString("find { it.promotionId == '" + rollback.promotionId()
                + "' && it.action == 'promotion-requested' }.reason");
        assertThat(requested)
                .contains("automatic rollback")
                .contains(failed.analysisRunId())
                .contains(bad.promotionId());
        assertThat(trail.getString("find { it.promotionId == '" + rollback.promotionId()
                        + "' && it.action == 'promotion-requested' }.actor"))
                .isEqualTo(SERVICE);
        // the console tells "rolled-back" on the creation with the rollback flag, "verification-failed" on
        // Verifying → Failed: both are on the topic for the rollback
        await().atMost(WAIT).untilAsserted(() -> {
            List<PromotionUpdated> updates = updatesOf(rollback.promotionId());
            assertThat(updates)
                    .anySatisfy(u -> assertThat(u.change()).isEqualTo(PromotionUpdated.Change.CREATED))
                    .allSatisfy(u -> assertThat(u.rollback()).isTrue())
                    .anySatisfy(u -> {
                        assertThat(u.phase()).isEqualTo(PromotionUpdated.Phase.FAILED);
                        assertThat(u.previousPhase()).isEqualTo(PromotionUpdated.Phase.VERIFYING);
                    });
        });
    }

    /** Publishes build {@code number} of a commit starting with {@code prefix}; answers the stage's request. */
    private static PromotionRequested autoPromoted(String pipeline, String prefix, long number) {
        String tag = api.publishBuild(pipeline, commit(prefix), number, Instant.now());
        PromotionRequested request = api.awaitRequest(pipeline, "prod", tag).data();
        api.committed(request);
        return request;
    }

    /** Publishes a build, promotes it through the freeze (approved by {@code approver} when one is needed). */
    private static PromotionRequested promotedThroughTheFreeze(
            String pipeline, String prefix, long number, String promoter, String approver) {
        String tag = api.publishBuild(pipeline, commit(prefix), number, Instant.now());
        String promotionId = given().auth()
                .oauth2(promoter)
                .contentType(ContentType.JSON)
                .body(Map.of("freight", awaitFreight(pipeline, tag), "overrideWindow", true))
                .post("/pipelines/{p}/stages/prod/promotions", pipeline)
                .then()
                .statusCode(201)
                .extract()
                .path("promotion.id");
        if (approver != null) {
            act(promotionId, "approve", approver);
        }
        PromotionRequested request = api.awaitRequestOf(promotionId).data();
        api.committed(request);
        return request;
    }

    /** analysis-service's verdict on the promotion, once its stage-promoted is out, as delivered. */
    private static EventEnvelope<AnalysisCompleted> verdict(PromotionRequested request, AnalysisCompleted.Phase phase) {
        StagePromoted promoted = kafka.awaitEvent(
                        EventType.STAGE_PROMOTED, e -> e.data().promotionId().equals(request.promotionId()), WAIT)
                .data();
        AnalysisCompleted verdict = new AnalysisCompleted(
                "run-" + UUID.randomUUID(),
                promoted.promotionId(),
                promoted.project(),
                promoted.stage(),
                promoted.freightId(),
                phase,
                phase == AnalysisCompleted.Phase.FAILED ? "success-rate 0.91 < 0.99" : "",
                List.of(),
                Instant.now().minusSeconds(30),
                Instant.now());
        return new EventEnvelope<>(
                kafka.produce(EventType.ANALYSIS_COMPLETED, verdict, request.sourceCommit()), verdict);
    }

    /** The promotion-service's request writing {@code verified}'s Freight into the stage again. */
    private static PromotionRequested awaitRollbackRequest(String pipeline, PromotionRequested verified) {
        return kafka.awaitEvent(
                        EventType.PROMOTION_REQUESTED,
                        e -> e.data().project().equals(pipeline)
                                && e.data().freightId().equals(verified.freightId())
                                && !e.data().promotionId().equals(verified.promotionId()),
                        WAIT)
                .data();
    }

    private static List<PromotionUpdated> updatesOf(String promotionId) {
        return kafka
                .readAll(
                        EventType.PROMOTION_UPDATED.topic(),
                        r -> KafkaTestClient.decode(EventType.PROMOTION_UPDATED, r)
                                .filter(e -> e.data().promotionId().equals(promotionId))
                                .isPresent())
                .stream()
                .map(r -> KafkaTestClient.decode(EventType.PROMOTION_UPDATED, r)
                        .orElseThrow()
                        .data())
                .toList();
    }

    private static List<String> actionsOf(JsonPath trail, String promotionId) {
        return trail.getList("findAll { it.promotionId == '" + promotionId + "' }.action");
    }

    private static JsonPath promotion(String promotionId) {
        return given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/promotions/{id}", promotionId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("promotion");
    }

    private static void awaitStatus(String promotionId, String status) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(promotion(promotionId).getString("status")));
    }
}
