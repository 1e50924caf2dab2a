package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.PromotionApi.act;
import static io.gitopsflow.promotion.PromotionApi.audit;
import static io.gitopsflow.promotion.PromotionApi.awaitCurrent;
import static io.gitopsflow.promotion.PromotionApi.commit;
import static io.gitopsflow.promotion.PromotionApi.promote;
import static io.gitopsflow.promotion.PromotionApi.stage;
import static io.gitopsflow.promotion.TestEvents.stillTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.promotion.PromotionApi;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 5: a rollback that never took effect — aborted, or rejected by a reviewer — releases the hold it
 * set on auto-promotion (recorded in the audit trail), and only that hold.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class RollbackHoldIT {

    private static final String PROMOTER = TestSupport.token("alice", "promoter");
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
    void anAbortedRollbackReleasesItsHoldAndTheNextNewerFreightAutoPromotes() {
        String first = build("rolled", "aaaaaaa", 1);
        String second = build("rolled", "bbbbbbb", 2);

        // a rollback to the first holds auto-promotion; it is aborted before anything was written
        String rollback = promote("rolled", "dev", first, PROMOTER);
        api.awaitRequestOf(rollback);
        assertThat(stage("rolled", "dev").getBoolean("hold")).isTrue();
        act(rollback, "abort", PROMOTER);

        JsonPath dev = stage("rolled", "dev");
        assertThat(dev.getBoolean("hold")).isFalse();
        assertThat(dev.getString("freightId")).isEqualTo(second);
        JsonPath trail = audit("rolled", "dev");
        assertThat(trail.getList("action"))
                .containsSubsequence("auto-promotion-held", "aborted", "auto-promotion-released");
        assertThat(trail.getList("reason").get(trail.getList("action").lastIndexOf("auto-promotion-released")))
                .asString()
                .contains("rollback " + rollback + " ended ABORTED");

        // the next newer Freight auto-promotes
        build("rolled", "ccccccc", 3);
    }

    @Test
    void aRejectedRollbackReleasesItsHoldAndTheNextNewerFreightAutoPromotes() {
        String approver = TestSupport.token("carol", "staging-approver");
        String v1 = release("1.0.0", approver);
        release("1.1.0", approver);

        // a rollback of staging to 1.0.0 waits for its reviewer, who rejects it
        String rollback = promote("vetoed", "staging", v1, PROMOTER);
        assertThat(stage("vetoed", "staging").getBoolean("hold")).isTrue();
        act(rollback, "reject", approver);
        assertThat(stage("vetoed", "staging").getBoolean("hold")).isFalse();
        assertThat(audit("vetoed", "staging").getList("action"))
                .containsSubsequence("auto-promotion-held", "rejected", "auto-promotion-released");

        // 1.2.0 is offered to staging again by auto-promotion
        api.publish("vetoed", "1.2.0");
        api.committed(api.awaitRequest("vetoed", "dev", "1.2.0").data());
        await().atMost(PromotionApi.WAIT)
                .until(() -> "PENDING".equals(stage("vetoed", "staging").getString("promotionStatus")));
    }

    @Test
    void anAbortedRollbackLeavesAHoldAnotherRollbackSet() {
        String first = build("stacked", "ddddddd", 11);
        String second = build("stacked", "eeeeeee", 12);
        build("stacked", "fffffff", 13);

        // a written rollback to the second holds the stage; a further rollback to the first is aborted
        String held = promote("stacked", "dev", second, PROMOTER);
        api.committed(api.awaitRequestOf(held).data());
        awaitCurrent("stacked", "dev", second);
        String further = promote("stacked", "dev", first, PROMOTER);
        act(further, "abort", PROMOTER);

        JsonPath dev = stage("stacked", "dev");
        assertThat(dev.getBoolean("hold")).isTrue();
        assertThat(dev.getString("holdReason")).contains(held);
        stillTrue(
                Duration.ofSeconds(3),
                () -> assertThat(stage("stacked", "dev").getString("freightId")).isEqualTo(second));
    }

    /** Publishes build {@code number} of a commit starting with {@code prefix}; waits until dev runs it. */
    private static String build(String pipeline, String prefix, long number) {
        String tag = api.publishBuild(pipeline, commit(prefix), number, Instant.now());
        PromotionRequested request = api.awaitRequest(pipeline, "dev", tag).data();
        api.committed(request);
        awaitCurrent(pipeline, "dev", request.freightId());
        return request.freightId();
    }

    /** Publishes version {@code version}, through dev into staging with the approver's approval. */
    private static String release(String version, String approver) {
        api.publish("vetoed", version);
        api.committed(api.awaitRequest("vetoed", "dev", version).data());
        await().atMost(PromotionApi.WAIT)
                .until(() -> "PENDING".equals(stage("vetoed", "staging").getString("promotionStatus")));
        act(stage("vetoed", "staging").getString("promotionId"), "approve", approver);
        PromotionRequested staging =
                api.awaitRequest("vetoed", "staging", version).data();
        api.committed(staging);
        awaitCurrent("vetoed", "staging", staging.freightId());
        return staging.freightId();
    }
}
