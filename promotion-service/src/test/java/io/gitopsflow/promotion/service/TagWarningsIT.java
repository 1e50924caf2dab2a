package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.PromotionApi.awaitFreight;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.promotion.PromotionApi;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a subscription whose tag pattern selects none of the tags its repository is announced with shows a
 * warning in the pipeline's status — naming the subscription, the pattern and how many tags it saw — until a tag
 * matches. Tags arrive as {@code image-published} records on the real broker; the pattern is Kargo's docs' own. The
 * same view shows a pipeline's chart and Git subscriptions and its freightCreationCriteria (issue 24).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class TagWarningsIT {

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
    @SuppressWarnings("unchecked")
    void aPatternThatSelectsNothingWarnsUntilATagMatches() {
        assertThat(warnings()).isEmpty();

        String digest = TestEvents.digest();
        api.publishFromRegistry("copied", "main-abc1234-1", digest);
        api.publishFromRegistry("copied", "nightly-2026", TestEvents.digest());
        api.publishFromRegistry("copied", "main-abc1234-1", digest); // a redelivery: still two tags seen

        await().atMost(PromotionApi.WAIT).untilAsserted(() -> {
            List<Map<String, Object>> warnings = warnings();
            assertThat(warnings).hasSize(1);
            Map<String, Object> warning = warnings.get(0);
            assertThat(warning.get("subscription")).isEqualTo("registry.test/acme/copied");
            assertThat(warning.get("rules")).isEqualTo("allowTagsRegexes [\"^nightly-\\d{8}$\"], strategy lexical");
            assertThat(warning.get("tagsSeen")).isEqualTo(2);
            assertThat((List<Object>) warning.get("newestTags"))
                    .containsExactlyInAnyOrder("main-abc1234-1", "nightly-2026");
            assertThat((String) warning.get("message"))
                    .startsWith("subscription registry.test/acme/copied: allowTagsRegexes [\"^nightly-\\d{8}$\"]")
                    .contains("select none of the 2 tag(s) seen");
        });
        // the list of pipelines carries it too
        JsonPath all = given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(all.getList("find { it.name == 'copied' }.warnings")).hasSize(1);
        assertThat(all.getList("find { it.name == 'books' }.warnings")).isEmpty();

        api.publishFromRegistry("copied", "nightly-20261205", TestEvents.digest());
        awaitFreight("copied", "nightly-20261205");
        await().atMost(PromotionApi.WAIT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(warnings()).isEmpty());
    }

    @Test
    void aPipelineShowsItsChartAndGitSubscriptionsAndItsCriteria() {
        JsonPath all = given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String released = "find { it.name == 'released' }.";
        assertThat(all.getList(released + "images")).containsExactly("registry.test/acme/released");
        assertThat(all.getList(released + "charts"))
                .containsExactly(Map.of("repository", "registry.test/acme/charts/released", "constraint", "^1.0"));
        assertThat(all.getList(released + "git")).isEmpty();
        assertThat(all.getString(released + "freightCreationCriteria"))
                .isEqualTo("imageFrom('registry.test/acme/released').Tag =="
                        + " chartFrom('oci://registry.test/acme/charts/released').Version");
        assertThat(all.getString("find { it.name == 'books' }.freightCreationCriteria"))
                .isNull();

        JsonPath followed = given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines/followed")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(followed.getList("images")).isEmpty();
        assertThat(followed.getList("charts")).isEmpty();
        assertThat(followed.getList("git"))
                .containsExactly(Map.of(
                        "repositoryUrl",
                        "https://git.test/acme/followed.git",
                        "branch",
                        "main",
                        "includePaths",
                        List.of("config/"),
                        "excludePaths",
                        List.of("glob:**/*.md")));
    }

    private static List<Map<String, Object>> warnings() {
        return given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines/copied")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("warnings");
    }
}
