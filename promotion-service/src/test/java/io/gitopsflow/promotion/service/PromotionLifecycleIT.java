package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.TestEvents.sha;
import static io.gitopsflow.promotion.TestEvents.stillTrue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole lifecycle on the real broker and database: gitops-writer and analysis-service are answered by the test
 * on their real topics, users act through the API with signed bearer tokens.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class PromotionLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BOOKS_IMAGE = "registry.test/acme/books-api";
    private static final String BOOKS_DIGEST = "sha256:" + "4b".repeat(32);
    private static final String GITOPS = "https://git.test/acme/gitops.git";
    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void devToStagingToProdWithApprovalsSoakPullRequestAndVerification() {
        String appCommit = sha();
        String freightId = devIsAutoPromotedWrittenByPushAndSucceeds(appCommit);
        AnalysisCompleted stagingPassed = stagingWaitsForOneApproverWithItsRoleThenVerifies(freightId, appCommit);
        String prodPromotion = prodWaitsForTheSoakThenForTwoDistinctApprovers(freightId);
        Prod prod = prodIsWrittenOnlyWhenItsPullRequestIsMerged(prodPromotion, freightId);
        int trailBefore =
                aFailedAnalysisFailsProdAndLateOrDuplicateAnswersChangeNothing(prod, stagingPassed, appCommit);
        reverifyRunsTheAnalysisAgainAndItsSuccessVerifiesProd(prod, trailBefore, appCommit);
        theTrailAndTheCommitsTimelineTellTheWholeWay(prod.promotion(), freightId, appCommit);
    }

    /** What the prod part of the way carries from one step to the next. */
    private record Prod(String promotion, PromotionRequested request, StagePromoted promoted) {}

    /** dev: auto-promoted, written by push, no verification → Succeeded; returns the Freight's id. */
    private static String devIsAutoPromotedWrittenByPushAndSucceeds(String appCommit) {
        publish(
                BOOKS_IMAGE,
                List.of(appCommit, "main-" + appCommit.substring(0, 7) + "-1", "1.4.0", "1.4.0-debug"),
                appCommit,
                BOOKS_DIGEST);
        EventEnvelope<PromotionRequested> dev = awaitRequest("books", "dev", null);
        assertThat(dev.data().image().tag()).isEqualTo("1.4.0");
        assertThat(dev.data().sourceCommit()).isEqualTo(appCommit);
        assertThat(dev.attributes().correlationId()).isEqualTo(appCommit);
        String freightId = dev.data().freightId();
        String devCommit = sha();
        answer(dev.data(), ManifestUpdated.Status.COMMITTED, devCommit, null);
        awaitStagePromoted("books", "dev", freightId);
        awaitStatus("books", "dev", "SUCCEEDED");

        // the same image announced again makes no second Freight (asserted with the pipeline's Freight at the end)
        publish(BOOKS_IMAGE, List.of("1.4.0"), appCommit, BOOKS_DIGEST);
        return freightId;
    }

    /** staging: auto-promotion waits for one approver with the stage's role; returns the passed analysis. */
    private static AnalysisCompleted stagingWaitsForOneApproverWithItsRoleThenVerifies(
            String freightId, String appCommit) {
        String stagingPromotion = awaitStatus("books", "staging", "PENDING");
        given().auth()
                .oauth2(TestSupport.token("mallory", "prod-approver"))
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "wrong role"))
                .post("/promotions/{id}/approve", stagingPromotion)
                .then()
                .statusCode(403)
                .body("error", containsString("staging-approver"));
        given().auth()
                .oauth2(TestSupport.token("carol", "staging-approver"))
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "looks good"))
                .post("/promotions/{id}/approve", stagingPromotion)
                .then()
                .statusCode(200);
        EventEnvelope<PromotionRequested> staging = awaitRequest("books", "staging", freightId);
        answer(staging.data(), ManifestUpdated.Status.COMMITTED, sha(), null);
        EventEnvelope<StagePromoted> stagingPromoted = awaitStagePromoted("books", "staging", freightId);
        assertThat(stagingPromoted.data().verification())
                .extracting(t -> t.name())
                .containsExactly("success-rate");
        awaitStatus("books", "staging", "VERIFYING");
        AnalysisCompleted passed = analysis(stagingPromoted.data(), AnalysisCompleted.Phase.SUCCESSFUL);
        kafka.produce(EventType.ANALYSIS_COMPLETED, passed, appCommit);
        awaitStatus("books", "staging", "SUCCEEDED");
        return passed;
    }

    /** prod: manual, only after the soak time in staging, two distinct approvers who did not request it. */
    private static String prodWaitsForTheSoakThenForTwoDistinctApprovers(String freightId) {
        String alice = TestSupport.token("alice", "promoter", "prod-approver");
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> given().auth()
                                .oauth2(alice)
                                .contentType(ContentType.JSON)
                                .body(Map.of("freight", freightId, "reason", "release 1.4.0"))
                                .post("/pipelines/books/stages/prod/promotions")
                                .then()
                                .extract()
                                .statusCode()
                        == 201);
        String prodPromotion = awaitStatus("books", "prod", "PENDING");
        approve(prodPromotion, "alice", 403, "prod-approver", "promoter");
        approve(prodPromotion, "bob", 200, "prod-approver");
        approve(prodPromotion, "bob", 409, "prod-approver");
        assertThat(status("books", "prod")).isEqualTo("PENDING");
        approve(prodPromotion, "dave", 200, "prod-approver");
        return prodPromotion;
    }

    /** pull-request mode: written only when the merge commit reaches the branch. */
    private static Prod prodIsWrittenOnlyWhenItsPullRequestIsMerged(String prodPromotion, String freightId) {
        EventEnvelope<PromotionRequested> prod = awaitRequest("books", "prod", freightId);
        String prHead = sha();
        answer(prod.data(), ManifestUpdated.Status.PR_OPENED, prHead, "https://git.test/acme/gitops/pulls/7");
        awaitAudit(prodPromotion, "pull-request-opened");
        assertThat(status("books", "prod")).isEqualTo("WRITING");
        String mergeCommit = sha();
        kafka.produce(
                EventType.COMMIT_PUSHED, merge(prHead, mergeCommit, prod.data().promotionId()), mergeCommit);
        EventEnvelope<StagePromoted> prodPromoted = awaitStagePromoted("books", "prod", freightId);
        assertThat(prodPromoted.data().manifestCommits()).containsExactly(mergeCommit);
        return new Prod(prodPromotion, prod.data(), prodPromoted.data());
    }

    /**
     * The analysis fails: the promotion fails with its reason; a duplicate answer, a late one for another stage's run
     * and a late write answer change nothing. Returns the length of the trail before those answers.
     */
    private static int aFailedAnalysisFailsProdAndLateOrDuplicateAnswersChangeNothing(
            Prod prod, AnalysisCompleted stagingPassed, String appCommit) {
        AnalysisCompleted failed = analysis(prod.promoted(), AnalysisCompleted.Phase.FAILED);
        kafka.produce(EventType.ANALYSIS_COMPLETED, failed, appCommit);
        awaitStatus("books", "prod", "FAILED");
        int trailBefore = audit(prod.promotion()).getList("action").size();
        kafka.produce(EventType.ANALYSIS_COMPLETED, stagingPassed, appCommit); // late and for another stage's run
        kafka.produce(EventType.ANALYSIS_COMPLETED, failed, appCommit);
        answer(prod.request(), ManifestUpdated.Status.COMMITTED, sha(), null);
        return trailBefore;
    }

    /** reverify runs the analysis again (one new entry in the trail, a second stage-promoted); success verifies. */
    private static void reverifyRunsTheAnalysisAgainAndItsSuccessVerifiesProd(
            Prod prod, int trailBefore, String appCommit) {
        given().auth()
                .oauth2(TestSupport.token("alice", "promoter", "prod-approver"))
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "flaky metric"))
                .post("/pipelines/books/stages/prod/reverify")
                .then()
                .statusCode(200)
                .body("status", equalTo("VERIFYING"));
        assertThat(audit(prod.promotion()).getList("action")).hasSize(trailBefore + 1);
        awaitCount(EventType.STAGE_PROMOTED, e -> e.data().promotionId().equals(prod.promotion()), 2);
        kafka.produce(
                EventType.ANALYSIS_COMPLETED, analysis(prod.promoted(), AnalysisCompleted.Phase.SUCCESSFUL), appCommit);
        awaitStatus("books", "prod", "SUCCEEDED");
    }

    /** The trail of prod's promotion, the commit's timeline, and one Freight succeeded in prod, verified in staging. */
    private static void theTrailAndTheCommitsTimelineTellTheWholeWay(
            String prodPromotion, String freightId, String appCommit) {
        assertThat(audit(prodPromotion).getList("action"))
                .containsSubsequence(
                        "promotion-requested",
                        "approved",
                        "approved",
                        "writing",
                        "pull-request-opened",
                        "pull-request-merged",
                        "written",
                        "verifying",
                        "failed",
                        "reverify",
                        "succeeded");
        String alice = TestSupport.token("alice", "promoter", "prod-approver");
        JsonPath timeline = given().auth()
                .oauth2(alice)
                .get("/timeline/{commit}", appCommit)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(timeline.getList("stage")).containsExactlyInAnyOrder("dev", "staging", "prod");
        assertThat(timeline.getList("freightId")).containsOnly(freightId);
        JsonPath freight = given().auth()
                .oauth2(alice)
                .get("/pipelines/books/freight")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(freight.getList("id")).containsExactly(freightId);
        assertThat(freight.getString("[0].stages.prod.lastStatus")).isEqualTo("SUCCEEDED");
        assertThat(freight.getString("[0].stages.staging.verifiedAt")).isNotNull();
        // the stages as the board shows them: the Freight each runs by its alias, verified, the last promotion
        JsonPath prod = stage("books", "prod");
        assertThat(prod.getString("freightId")).isEqualTo(freightId);
        assertThat(prod.getString("freightAlias")).isEqualTo(freight.getString("[0].alias"));
        assertThat(prod.getBoolean("verified")).isTrue();
        assertThat(prod.getString("promotionId")).isEqualTo(prodPromotion);
        assertThat(prod.getString("promotionStatus")).isEqualTo("SUCCEEDED");
        assertThat(stage("books", "staging").getBoolean("verified")).isTrue();
    }

    @Test
    void rollbackHoldsAutoPromotionUntilTheNewestIsPromotedAgain() {
        String alice = TestSupport.token("alice", "promoter");
        String first = freightOf("guarded", "main-aaaaaaa-1");
        String second = freightOf("guarded", "main-bbbbbbb-2");
        awaitCurrent("guarded", "dev", second);

        // promoting the older one is a rollback: auto-promotion is held
        String rollback = promote("guarded", "dev", first, alice, 201);
        answer(awaitRequestOf(rollback).data(), ManifestUpdated.Status.COMMITTED, sha(), null);
        awaitCurrent("guarded", "dev", first);
        JsonPath dev = stage("guarded", "dev");
        assertThat(dev.getBoolean("hold")).isTrue();
        assertThat(dev.getString("holdReason")).contains("rollback by alice");

        // a newer image does not move the held stage
        publish("registry.test/acme/guarded", List.of("main-ccccccc-3"), sha());
        String third = awaitFreight("guarded", "main-ccccccc-3");
        // held for the whole window (several reconcile passes), not just at its end
        stillTrue(
                Duration.ofSeconds(3),
                () -> assertThat(stage("guarded", "dev").getString("freightId")).isEqualTo(first));

        // promoting the newest releases the hold
        String release = promote("guarded", "dev", third, alice, 201);
        answer(awaitRequestOf(release).data(), ManifestUpdated.Status.COMMITTED, sha(), null);
        awaitCurrent("guarded", "dev", third);
        assertThat(stage("guarded", "dev").getBoolean("hold")).isFalse();
    }

    @Test
    void aRejectedPromotionEndsRejectedWritesNothingAndIsNotAutoPromotedAgain() {
        String alice = TestSupport.token("alice", "promoter");
        String freight = freightOf("reviewed", "1.0.0");
        String rejected = awaitStatus("reviewed", "staging", "PENDING");

        // only a reviewer holding the stage's role may reject, and never the requester
        decide(rejected, "reject", "mallory", 403, "prod-approver");
        given().auth()
                .oauth2(TestSupport.token("carol", "staging-approver"))
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "not before the load test"))
                .post("/promotions/{id}/reject", rejected)
                .then()
                .statusCode(200)
                .body("promotion.status", equalTo("REJECTED"))
                .body("promotion.reason", containsString("rejected by carol: not before the load test"))
                .body("approvals[0].approver", equalTo("carol"))
                .body("approvals[0].decision", equalTo("REJECTED"));
        decide(rejected, "approve", "dave", 409, "staging-approver");
        decide(rejected, "reject", "dave", 409, "staging-approver");
        JsonPath trail = audit(rejected);
        assertThat(trail.getList("action")).containsExactly("promotion-requested", "rejected");
        assertThat(trail.getString("[1].actor")).isEqualTo("carol");
        assertThat(trail.getString("[1].reason")).contains("not before the load test");

        // it never writes, and auto-promotion does not offer the rejected Freight to the stage again
        stillTrue(Duration.ofSeconds(3), () -> {
            assertThat(promotionsOf("reviewed", "staging")).containsExactly(rejected);
            assertThat(status("reviewed", "staging")).isEqualTo("REJECTED");
        });
        assertThat(kafka.readAll(
                        EventType.PROMOTION_REQUESTED.topic(),
                        r -> KafkaTestClient.decode(EventType.PROMOTION_REQUESTED, r)
                                .filter(e -> e.data().promotionId().equals(rejected))
                                .isPresent()))
                .isEmpty();
        given().auth()
                .oauth2(alice)
                .get("/pipelines/reviewed/freight")
                .then()
                .statusCode(200)
                .body("[0].stages.staging.lastStatus", equalTo("REJECTED"));

        // the stage is free: a person may promote the same Freight again
        String again = promote("reviewed", "staging", freight, alice, 201);
        decide(again, "approve", "carol", 200, "staging-approver");
        answer(awaitRequestOf(again).data(), ManifestUpdated.Status.COMMITTED, sha(), null);
        awaitCurrent("reviewed", "staging", freight);
        assertThat(status("reviewed", "staging")).isEqualTo("SUCCEEDED");
    }

    @Test
    void freightIsNamedByItsIdOrItsAlias() {
        String alice = TestSupport.token("alice", "promoter");
        String freight = freightOf("aliased", "1.0.0");
        String alias = given().auth()
                .oauth2(alice)
                .get("/pipelines/aliased/freight/{f}", freight)
                .then()
                .statusCode(200)
                .body("id", equalTo(freight))
                .extract()
                .path("alias");
        assertThat(alias).matches("[a-z]+-[a-z]+");
        awaitVerifiedIn("aliased", "dev", freight);
        given().auth()
                .oauth2(alice)
                .get("/pipelines/aliased/freight/{f}", alias)
                .then()
                .statusCode(200)
                .body("id", equalTo(freight))
                .body("stages.dev.current", equalTo(true));

        // promote by alias: the promotion names the Freight's id
        String promotion = promote("aliased", "prod", alias, alice, 201);
        assertThat(awaitRequestOf(promotion).data().freightId()).isEqualTo(freight);
        assertThat(given().auth()
                        .oauth2(alice)
                        .queryParam("pipeline", "aliased")
                        .queryParam("freight", alias)
                        .get("/audit")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("promotionId"))
                .contains(promotion);

        // an alias of the right form that no Freight has is a 404, a malformed one a 400, both with the reason
        String unknown = alias.equals("brave-otter") ? "calm-otter" : "brave-otter";
        given().auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("freight", unknown))
                .post("/pipelines/aliased/stages/prod/promotions")
                .then()
                .statusCode(404)
                .body("error", containsString("has no Freight with alias " + unknown));
        given().auth()
                .oauth2(alice)
                .get("/pipelines/aliased/freight/{f}", unknown)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("freight", "Brave Otter!"))
                .post("/pipelines/aliased/stages/prod/promotions")
                .then()
                .statusCode(400)
                .body("error", containsString("neither a Freight id"));
        given().auth()
                .oauth2(alice)
                .get("/pipelines/aliased/freight/{f}", "x_y")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(alice)
                .queryParam("freight", alias)
                .get("/audit")
                .then()
                .statusCode(400)
                .body("error", containsString("add pipeline="));
        // another pipeline's Freight is not this one's
        given().auth()
                .oauth2(alice)
                .get("/pipelines/books/freight/{f}", freight)
                .then()
                .statusCode(404);
    }

    @Test
    void aFreezeBlocksPromotionsUnlessOverriddenByTheRightRole() {
        String freight = freightOf("frozen", "main-ddddddd-4");
        awaitVerifiedIn("frozen", "dev", freight);
        promote("frozen", "prod", freight, TestSupport.token("alice", "promoter"), 409);
        given().auth()
                .oauth2(TestSupport.token("alice", "promoter"))
                .contentType(ContentType.JSON)
                .body(Map.of("freight", freight, "overrideWindow", true))
                .post("/pipelines/frozen/stages/prod/promotions")
                .then()
                .statusCode(403)
                .body("error", containsString("freeze-override"));
        String promotion = given().auth()
                .oauth2(TestSupport.token("erin", "promoter", "freeze-override"))
                .contentType(ContentType.JSON)
                .body(Map.of("freight", freight, "overrideWindow", true, "reason", "hotfix"))
                .post("/pipelines/frozen/stages/prod/promotions")
                .then()
                .statusCode(201)
                .extract()
                .path("promotion.id");
        awaitRequest("frozen", "prod", freight);
        assertThat(audit(promotion).getList("action")).contains("window-overridden");
        assertThat(audit(promotion).getList("actor")).contains("erin");
    }

    @Test
    void lateDuplicatedAndOutOfOrderEventsChangeNothingTwice() {
        String commit = sha();
        publish("registry.test/acme/ordered", List.of("2.0.0"), commit);
        PromotionRequested request = awaitRequest("ordered", "dev", null).data();
        assertThat(request.image().tag()).isEqualTo("2.0.0");

        // the merge commit arrives before gitops-writer's pr-opened answer: the trailer names the promotion
        String head = sha();
        String mergeCommit = sha();
        CommitPushed merged = merge(head, mergeCommit, request.promotionId());
        kafka.produce(EventType.COMMIT_PUSHED, merged, mergeCommit);
        awaitStatus("ordered", "dev", "SUCCEEDED");
        int trail = audit(request.promotionId()).getList("action").size();

        // then the late answer, a redelivered merge and a redelivered answer: nothing changes
        answer(request, ManifestUpdated.Status.PR_OPENED, head, "https://git.test/acme/gitops/pulls/9");
        kafka.produce(EventType.COMMIT_PUSHED, merged, mergeCommit);
        answer(request, ManifestUpdated.Status.COMMITTED, sha(), null);
        stillTrue(
                Duration.ofSeconds(2),
                () -> assertThat(audit(request.promotionId()).getList("action")).hasSize(trail));

        // an older version published later becomes Freight but is not newer: no auto-promotion to it
        publish("registry.test/acme/ordered", List.of("1.9.0"), sha());
        publish("registry.test/acme/ordered", List.of("3.0.0"), sha()); // outside the constraint: no Freight
        publish("registry.test/acme/ordered", List.of("2.1.0-rc.1"), sha()); // a pre-release nobody asked for
        String older = awaitFreight("ordered", "1.9.0");
        stillTrue(
                Duration.ofSeconds(3),
                () -> assertThat(stage("ordered", "dev").getString("freightId")).isEqualTo(request.freightId()));
        assertThat(stage("ordered", "dev").getString("freightId")).isNotEqualTo(older);
        assertThat(freightIds("ordered")).hasSize(2);
    }

    @Test
    void theDigestStrategyFollowsItsMutableTag() {
        String first = TestEvents.digest();
        publish("registry.test/acme/mutable", List.of("latest", "abc1234"), sha(), first);
        PromotionRequested request = awaitRequest("mutable", "dev", null).data();
        assertThat(request.image().digest()).isEqualTo(first);
        answer(request, ManifestUpdated.Status.NO_CHANGE, sha(), null);
        awaitStatus("mutable", "dev", "SUCCEEDED");

        publish("registry.test/acme/mutable", List.of("latest"), sha(), first); // the same digest: nothing new
        publish("registry.test/acme/mutable", List.of("abc9999"), sha()); // not the followed tag
        String second = TestEvents.digest();
        publish("registry.test/acme/mutable", List.of("latest"), sha(), second);
        PromotionRequested next = kafka.awaitEvent(
                        EventType.PROMOTION_REQUESTED,
                        e -> e.data().project().equals("mutable")
                                && e.data().image().digest().equals(second),
                        WAIT)
                .data();
        assertThat(next.freightId()).isNotEqualTo(request.freightId());
        assertThat(freightIds("mutable")).hasSize(2);
    }

    @Test
    void readinessCoversKafkaAndTheDatabaseAndMetricsAreExposed() {
        String ready =
                given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertThat(ready)
                .contains("\"status\": \"UP\"")
                .contains("Reactive Messaging")
                .contains("PostgreSQL")
                .contains("pipelines");
        // one API request first: run alone, this test may be the application's first
        given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines")
                .then()
                .statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/pipelines/{pipeline}/stages/{stage}/promotions"));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        String alice = TestSupport.token("alice", "promoter");
        given().get("/pipelines").then().statusCode(401);
        given().auth().oauth2(alice).get("/pipelines/Not_A_Name/stages").then().statusCode(400);
        given().auth().oauth2(alice).get("/pipelines/nope/stages").then().statusCode(404);
        given().auth().oauth2(alice).get("/promotions/../../etc").then().statusCode(404);
        given().auth().oauth2(alice).get("/promotions/not-a-uuid").then().statusCode(400);
        promote("books", "dev", "zz", alice, 400);
        promote("books", "dev", "0".repeat(40), alice, 404);
        given().auth()
                .oauth2(TestSupport.token("nobody"))
                .contentType(ContentType.JSON)
                .body(Map.of("freight", "0".repeat(40)))
                .post("/pipelines/books/stages/dev/promotions")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(alice)
                .get("/pipelines")
                .then()
                .statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItems("books", "guarded"));
    }

    @Test
    void aPoisonRecordGoesToItsDeadLetterTopic() {
        String marker = UUID.randomUUID().toString();
        kafka.produceRaw("manifest-updated", "k", ("{not json " + marker).getBytes(StandardCharsets.UTF_8), Map.of());
        kafka.awaitRecords(
                "manifest-updated.dlq",
                1,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker)
                        && KafkaTestClient.header(r, "dead-letter-reason") != null,
                WAIT);
    }

    @Test
    void anInvalidPipelineChangeIsRefusedAndTheLastGoodOneKeepsRunning() throws Exception {
        Files.writeString(TestSupport.pipelines().resolve("broken.yaml"), "name: broken\nwarehouse: {}\nstages: []\n");
        try {
            await().atMost(WAIT)
                    .until(() -> given().get("/q/health/ready")
                            .then()
                            .extract()
                            .asString()
                            .contains("refusedChange"));
            String health = given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(health).contains("broken.yaml:2:12: 'subscriptions' is missing");
            given().auth()
                    .oauth2(TestSupport.token("alice"))
                    .get("/pipelines/books")
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(TestSupport.token("alice"))
                    .get("/pipelines/broken")
                    .then()
                    .statusCode(404);
        } finally {
            Files.delete(TestSupport.pipelines().resolve("broken.yaml"));
        }
    }

    @Test
    void aPromotionWhoseFreightHasNoImageOfATargetIsAbortedWithTheReasonInsteadOfAnError() throws Exception {
        Path file = TestSupport.pipelines().resolve("retargeted.yaml");
        Files.writeString(file, retargeted(""));
        try {
            awaitDeclared("retargeted", "registry.test/acme/retargeted");
            freightOf("retargeted", "1.0.0");
            String pending = awaitStatus("retargeted", "staging", "PENDING");

            // the pipeline file changes while the promotion waits: staging now writes a sidecar image, which the
            // waiting Freight (made before) does not have
            Files.writeString(file, retargeted("        image: registry.test/acme/retargeted-sidecar\n"));
            awaitDeclared("retargeted", "registry.test/acme/retargeted-sidecar");

            decide(pending, "approve", "carol", 200, "staging-approver");
            awaitStatus("retargeted", "staging", "ABORTED");
            given().auth()
                    .oauth2(TestSupport.token("alice"))
                    .get("/promotions/{id}", pending)
                    .then()
                    .statusCode(200)
                    .body("promotion.status", equalTo("ABORTED"))
                    .body("promotion.reason", containsString("has no image of registry.test/acme/retargeted-sidecar"))
                    .body("promotion.reason", containsString("retargeted/staging.yaml"));
        } finally {
            Files.delete(file);
        }
    }

    private static String retargeted(String stagingImage) {
        return """
                name: retargeted
                warehouse:
                  subscriptions:
                    - image: registry.test/acme/retargeted
                      strategy: semver
                """
                + (stagingImage.isEmpty() ? "" : """
                    - image: registry.test/acme/retargeted-sidecar
                      strategy: semver
                """)
                + """
                stages:
                  - name: dev
                    autoPromotion: true
                    targets:
                      - repositoryUrl: "https://git.test/acme/gitops.git"
                        branch: main
                        path: retargeted/dev.yaml
                        kind: manifest-image
                        image: registry.test/acme/retargeted
                  - name: staging
                    sources: [dev]
                    autoPromotion: true
                    approvals: {required: 1, role: staging-approver}
                    targets:
                      - repositoryUrl: "https://git.test/acme/gitops.git"
                        branch: main
                        path: retargeted/staging.yaml
                        kind: manifest-image
                """
                + (stagingImage.isEmpty() ? "        image: registry.test/acme/retargeted\n" : stagingImage);
    }

    private static void awaitDeclared(String pipeline, String imageRepository) {
        await().atMost(WAIT)
                .until(() -> given().auth()
                        .oauth2(TestSupport.token("alice"))
                        .get("/pipelines/" + pipeline)
                        .then()
                        .extract()
                        .asString()
                        .contains(imageRepository + "\""));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static String freightOf(String pipeline, String tag) {
        String commit = sha();
        publish("registry.test/acme/" + pipeline, List.of(tag), commit);
        EventEnvelope<PromotionRequested> request = kafka.awaitEvent(
                EventType.PROMOTION_REQUESTED,
                e -> e.data().project().equals(pipeline)
                        && tag.equals(e.data().image().tag()),
                WAIT);
        if (request.data().stage().equals("dev")) {
            answer(request.data(), ManifestUpdated.Status.COMMITTED, sha(), null);
        }
        return request.data().freightId();
    }

    private static List<String> freightIds(String pipeline) {
        return given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines/{p}/freight", pipeline)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", String.class);
    }

    /** Waits for the pipeline's Freight of the image tagged {@code tag}; returns its id. */
    private static String awaitFreight(String pipeline, String tag) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            List<Map<String, Object>> freight = given().auth()
                                    .oauth2(TestSupport.token("viewer"))
                                    .get("/pipelines/{p}/freight", pipeline)
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath()
                                    .getList("$");
                            return freight.stream()
                                    .filter(f -> ((List<?>) f.get("artifacts"))
                                            .stream().anyMatch(a -> tag.equals(((Map<?, ?>) a).get("tag"))))
                                    .map(f -> (String) f.get("id"))
                                    .findFirst()
                                    .orElse(null);
                        },
                        java.util.Objects::nonNull);
    }

    private static void publish(String repository, List<String> tags, String commit) {
        publish(repository, tags, commit, TestEvents.digest());
    }

    private static void publish(String repository, List<String> tags, String commit, String digest) {
        kafka.produce(EventType.IMAGE_PUBLISHED, TestEvents.image(repository, tags, commit, digest), commit);
    }

    private static EventEnvelope<PromotionRequested> awaitRequest(String pipeline, String stage, String freightId) {
        return kafka.awaitEvent(
                EventType.PROMOTION_REQUESTED,
                e -> e.data().project().equals(pipeline)
                        && e.data().stage().equals(stage)
                        && (freightId == null || e.data().freightId().equals(freightId)),
                WAIT);
    }

    private static EventEnvelope<StagePromoted> awaitStagePromoted(String pipeline, String stage, String freightId) {
        return kafka.awaitEvent(
                EventType.STAGE_PROMOTED,
                e -> e.data().project().equals(pipeline)
                        && e.data().stage().equals(stage)
                        && e.data().freightId().equals(freightId),
                WAIT);
    }

    private static <T extends io.gitopsflow.events.GitopsFlowEvent> void awaitCount(
            EventType<T> type, java.util.function.Predicate<EventEnvelope<T>> match, int count) {
        kafka.awaitRecords(
                type.topic(),
                count,
                r -> KafkaTestClient.decode(type, r).filter(match).isPresent(),
                WAIT);
    }

    private static void answer(PromotionRequested request, ManifestUpdated.Status status, String commit, String pr) {
        kafka.produce(
                EventType.MANIFEST_UPDATED, TestEvents.answer(request, status, commit, pr), request.sourceCommit());
    }

    private static AnalysisCompleted analysis(StagePromoted promoted, AnalysisCompleted.Phase phase) {
        return new AnalysisCompleted(
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
    }

    private static CommitPushed merge(String prHead, String mergeCommit, String promotionId) {
        CommitPushed.GitIdentity who = new CommitPushed.GitIdentity("gitops-bot", null);
        return new CommitPushed(
                UUID.randomUUID().toString(),
                CommitPushed.GitProvider.GITHUB,
                new CommitPushed.GitRepository("acme/gitops", GITOPS, null, "main"),
                "refs/heads/main",
                CommitPushed.RefType.BRANCH,
                "main",
                sha(),
                mergeCommit,
                List.of(
                        new CommitPushed.Commit(
                                prHead,
                                "books prod 1.4.0\n\nPromotion-Id: " + promotionId,
                                Instant.now(),
                                who,
                                null,
                                List.of(),
                                List.of("charts/books-api/values-prod.yaml"),
                                List.of()),
                        new CommitPushed.Commit(
                                mergeCommit,
                                "Merge pull request #7",
                                Instant.now(),
                                who,
                                null,
                                List.of(),
                                List.of(),
                                List.of())),
                false,
                2,
                who,
                Instant.now());
    }

    private static void approve(String promotion, String user, int status, String... roles) {
        given().auth()
                .oauth2(TestSupport.token(user, roles))
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "ok"))
                .post("/promotions/{id}/approve", promotion)
                .then()
                .statusCode(status);
    }

    private static void decide(String promotion, String decision, String user, int status, String... roles) {
        given().auth()
                .oauth2(TestSupport.token(user, roles))
                .contentType(ContentType.JSON)
                .body(Map.of("comment", decision + " by " + user))
                .post("/promotions/{id}/" + decision, promotion)
                .then()
                .statusCode(status);
    }

    private static List<String> promotionsOf(String pipeline, String stage) {
        return given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines/{p}/stages/{s}/promotions", pipeline, stage)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", String.class);
    }

    private static String promote(String pipeline, String stage, String freight, String token, int status) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("freight", freight))
                .post("/pipelines/{p}/stages/{s}/promotions", pipeline, stage)
                .then()
                .statusCode(status)
                .extract()
                .path("promotion.id");
    }

    private static EventEnvelope<PromotionRequested> awaitRequestOf(String promotionId) {
        return kafka.awaitEvent(
                EventType.PROMOTION_REQUESTED, e -> e.data().promotionId().equals(promotionId), WAIT);
    }

    private static JsonPath stage(String pipeline, String stage) {
        List<Map<String, Object>> stages = given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines/{p}/stages", pipeline)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> found = stages.stream()
                .filter(s -> stage.equals(s.get("name")))
                .findFirst()
                .orElseThrow();
        return JsonPath.from(io.gitopsflow.events.codec.EventCodec.mapper()
                .valueToTree(found)
                .toString());
    }

    private static String status(String pipeline, String stage) {
        return stage(pipeline, stage).getString("promotionStatus");
    }

    /** Waits for the stage's latest promotion to reach {@code status}; returns its id. */
    private static String awaitStatus(String pipeline, String stage, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> status.equals(status(pipeline, stage)));
        return stage(pipeline, stage).getString("promotionId");
    }

    private static void awaitCurrent(String pipeline, String stage, String freightId) {
        try {
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> freightId.equals(stage(pipeline, stage).getString("freightId")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("stage " + pipeline + "/" + stage + " does not run " + freightId + ": "
                    + stage(pipeline, stage).prettify() + "\n"
                    + given().auth()
                            .oauth2(TestSupport.token("viewer"))
                            .get("/audit?pipeline=" + pipeline)
                            .asString());
        }
    }

    private static void awaitVerifiedIn(String pipeline, String stage, String freightId) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath state = stage(pipeline, stage);
            return freightId.equals(state.getString("freightId")) && state.getBoolean("verified");
        });
    }

    private static void awaitAudit(String promotion, String action) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> audit(promotion).getList("action").contains(action));
    }

    private static JsonPath audit(String promotion) {
        return given().auth()
                .oauth2(TestSupport.token("auditor"))
                .queryParam("promotion", promotion)
                .get("/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
