package io.gitopsflow.promotion.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventEnvelope;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: the pipelines in force come from the GitOps repository's {@code pipelines/} folder on a real Git server —
 * a pipeline merged there (what an onboarding pull request adds) is in force within a reload and its first Freight is
 * promoted into dev; a broken file is refused and the last good pipelines keep running; the Git host down keeps the
 * last fetched pipelines, said by the readiness check, until it answers again.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_git"))
@WithTestResource(TestSupport.class)
@WithTestResource(PipelinesGitTestResource.class)
class PipelinesFromGitIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VIEWER = TestSupport.token("vera", "viewer");
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
    void aPipelineMergedIntoTheRepositoryIsInForceAndPromotesItsFirstFreightIntoDev() {
        // the repository's pipelines, not the test folder's
        assertThat(pipelines()).contains("shop").doesNotContain("books", "decided");

        // the onboarding pull request of cart is merged: its pipeline file lands on main
        String merge = PipelinesGitTestResource.server.commit(
                PipelinesGitTestResource.REPOSITORY,
                "Onboard cart",
                Map.of("pipelines/cart.yaml", PipelinesGitTestResource.pipeline("cart")));
        await().atMost(WAIT).until(() -> pipelines().contains("cart"));
        assertThat(ready().getString("checks.find { it.name == 'pipelines' }.data.gitCommit"))
                .isEqualTo(merge);

        // its first image: a Freight, promoted into dev at once
        String tag = new PromotionApi(kafka).publishBuild("cart", PromotionApi.commit("ca"), 1, Instant.now());
        EventEnvelope<PromotionRequested> request = new PromotionApi(kafka).awaitRequest("cart", "dev", tag);
        assertThat(request.data().target().path()).isEqualTo("apps/cart/values-dev.yaml");
    }

    @Test
    void aBrokenFileIsRefusedAndAnUnreachableHostKeepsTheLastPipelinesUntilItAnswers() {
        PipelinesGitTestResource.server.commit(
                PipelinesGitTestResource.REPOSITORY,
                Map.of("pipelines/broken.yaml", "name: broken\nstages:\n  - name: dev\n    sources: [nowhere]\n"));
        await().atMost(WAIT)
                .until(() -> ready().getString("checks.find { it.name == 'pipelines' }.data.refusedChange") != null);
        assertThat(ready().getString("checks.find { it.name == 'pipelines' }.data.refusedChange"))
                .contains("broken.yaml");
        assertThat(pipelines()).contains("shop").doesNotContain("broken");

        PipelinesGitTestResource.server.stop();
        try {
            await().atMost(WAIT)
                    .until(() ->
                            ready().getString("checks.find { it.name == 'pipelines' }.data.gitFetchFailing") != null);
            assertThat(pipelines()).contains("shop");
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            PipelinesGitTestResource.server.restart();
        }
        // the author fixes the file: fetched again, in force
        PipelinesGitTestResource.server.commit(
                PipelinesGitTestResource.REPOSITORY,
                Map.of("pipelines/broken.yaml", PipelinesGitTestResource.pipeline("mended")));
        await().atMost(WAIT).until(() -> pipelines().contains("mended"));
        JsonPath health = ready();
        assertThat(health.getString("checks.find { it.name == 'pipelines' }.data.gitFetchFailing"))
                .isNull();
        assertThat(health.getString("checks.find { it.name == 'pipelines' }.data.refusedChange"))
                .isNull();
    }

    private static List<String> pipelines() {
        return given().auth()
                .oauth2(VIEWER)
                .get("/pipelines")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("name", String.class);
    }

    private static JsonPath ready() {
        return given().get("/q/health/ready").then().extract().jsonPath();
    }
}
