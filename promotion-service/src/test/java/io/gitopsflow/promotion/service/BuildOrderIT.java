package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.PromotionApi.awaitCurrent;
import static io.gitopsflow.promotion.PromotionApi.awaitFreight;
import static io.gitopsflow.promotion.PromotionApi.commit;
import static io.gitopsflow.promotion.PromotionApi.stage;
import static io.gitopsflow.promotion.TestEvents.stillTrue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.promotion.PromotionApi;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 4: the {@code newest} strategy ranks build-worker's images of a branch by commit (the build
 * number of {@code <branch>-<sha7>-<n>}, given in push order), so a late rebuild of an older commit never becomes the
 * newest Freight, and auto-promotion never moves a stage back.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class BuildOrderIT {

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
    void aLateRebuildOfAnOlderCommitNeitherBecomesNewestNorMovesDevBack() {
        Instant start = Instant.now();
        api.publishBuild("rebuilt", commit("aaaaaaa"), 31, start);
        PromotionRequested first =
                api.awaitRequest("rebuilt", "dev", "main-aaaaaaa-31").data();
        api.committed(first);
        awaitCurrent("rebuilt", "dev", first.freightId());
        api.publishBuild("rebuilt", commit("bbbbbbb"), 32, start.plusSeconds(60));
        PromotionRequested second =
                api.awaitRequest("rebuilt", "dev", "main-bbbbbbb-32").data();
        api.committed(second);
        awaitCurrent("rebuilt", "dev", second.freightId());

        // an hour later, build 8 of an older commit is built again after a worker crash and published
        api.publishBuild("rebuilt", commit("ccccccc"), 8, start.plusSeconds(3600));
        String rebuilt = awaitFreight("rebuilt", "main-ccccccc-8");

        // dev stays at #32: nothing asks to promote #8, over several reconcile passes
        stillTrue(Duration.ofSeconds(4), () -> {
            assertThat(stage("rebuilt", "dev").getString("freightId")).isEqualTo(second.freightId());
            assertThat(api.requests("rebuilt", "dev"))
                    .extracting(PromotionRequested::freightId)
                    .doesNotContain(rebuilt);
        });
        // and #32 is the newest: promoting #8 by hand is a rollback, which holds auto-promotion
        String promoter = TestSupport.token("alice", "promoter");
        given().auth()
                .oauth2(promoter)
                .contentType(ContentType.JSON)
                .body(Map.of("freight", rebuilt))
                .post("/pipelines/rebuilt/stages/dev/promotions")
                .then()
                .statusCode(201)
                .body("promotion.rollback", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void aBuildTheRegistryAnnouncedFirstGetsItsNumberWhenBuildWorkerAnnouncesIt() {
        String commit = commit("eeeeeee");
        String digest = TestEvents.digest();
        api.publishFromRegistry("announced", "main-eeeeeee-40", digest);
        String freight = awaitFreight("announced", "main-eeeeeee-40");
        assertThat(artifact(freight).getString("buildNumber")).isNull();

        api.publishBuild("announced", commit, 40, Instant.now(), digest);

        await().atMost(PromotionApi.WAIT)
                .untilAsserted(() ->
                        assertThat(artifact(freight).getString("buildNumber")).isEqualTo("40"));
        JsonPath numbered = artifact(freight);
        assertThat(numbered.getString("sourceRef")).isEqualTo("refs/heads/main");
        assertThat(numbered.getString("sourceCommit")).isEqualTo(commit);
        assertThat(given().auth()
                        .oauth2(TestSupport.token("viewer"))
                        .get("/pipelines/announced/freight")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id"))
                .containsExactly(freight);
    }

    private static JsonPath artifact(String freight) {
        return new JsonPath(given().auth()
                        .oauth2(TestSupport.token("viewer"))
                        .get("/pipelines/announced/freight/{f}", freight)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .setRootPath("artifacts[0]");
    }
}
