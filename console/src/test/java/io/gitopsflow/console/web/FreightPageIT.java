package io.gitopsflow.console.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Freight page and promoting from it, over events sent on the real broker: the Freight newest first with their
 * state in every stage and a promote link wherever they do not run; the confirmation page saying what will be written
 * where, with approvals and rollbacks; the promote form passed to promotion-service (WireMock) and answered by a
 * redirect to the new promotion or by promotion-service's refusal; a form without its token refused before anything
 * leaves.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
@WithTestResource(WireMockTestResource.class)
class FreightPageIT {

    private static final Pattern ROWS =
            Pattern.compile("<tr>\\s*<th scope=\"row\" class=\"freight-what\">(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern OLDER = Pattern.compile("<a href=\"([^\"]+)\" rel=\"next\">older</a>");
    private static FlowPagesFixture pipeline;

    @InjectWireMock
    WireMockServer promotionService;

    private final AgroalDataSource database;

    FreightPageIT(AgroalDataSource database) {
        this.database = database;
    }

    /** Sends the pipeline before the class's first test; the read model keeps it for the others. */
    @BeforeEach
    void sendThePipelineOnce() {
        if (pipeline == null) {
            pipeline = FlowPagesFixture.send(database);
        }
    }

    @Test
    void theFreightComeNewestFirstEachWithItsStateAndAPromoteLinkInEveryStage() {
        String page = WebSession.signIn("viewer").page("/ui/pipelines/" + pipeline.project + "/freight");

        assertThat(page)
                .contains("<th scope=\"col\">dev</th><th scope=\"col\">staging</th><th scope=\"col\">prod</th>");
        Matcher rows = ROWS.matcher(page);
        assertThat(rows.find()).isTrue();
        String wildFox = rows.group(1);
        assertThat(rows.find()).isTrue();
        String eagerLynx = rows.group(1);
        assertThat(rows.find()).isTrue();
        String braveOtter = rows.group(1);
        assertThat(rows.find()).isFalse();

        assertThat(wildFox).contains("wild-fox", "registry.test/acme/" + pipeline.project + ":1.2.0");
        assertThat(wildFox)
                .contains(
                        "chart <code>registry.test/acme/charts/" + pipeline.project + "</code> <code>1.2.0</code>",
                        "commit <code title=\"" + pipeline.wildFoxCommit + "\">"
                                + pipeline.wildFoxCommit.substring(0, 7) + "</code> of <code>http://git.test/acme/",
                        "&lt;i&gt;three&lt;/i&gt; replicas")
                .doesNotContain(FlowPagesFixture.CONFIG_MESSAGE);
        // brave-otter came as a freight-created v1 record: a Freight of its image
        assertThat(braveOtter).contains("registry.test/acme/" + pipeline.project + ":1.0.0");
        assertThat(wildFox).doesNotContain("current</strong>");
        assertThat(wildFox.split("Promote…", -1)).hasSize(4);
        // eager-lynx runs in dev and waits for approval in staging
        assertThat(eagerLynx).contains("<td class=\"cell current\">", "Succeeded", "Pending");
        assertThat(eagerLynx.split("Promote…", -1)).hasSize(3);
        assertThat(eagerLynx).doesNotContain("/stages/dev/promote?freight=");
        // brave-otter follows the pushed commit and runs in staging
        assertThat(braveOtter)
                .contains(
                        "<a href=\"/ui/commits/" + pipeline.commit + "\"><code>" + pipeline.commit.substring(0, 7),
                        "feat: books",
                        "Ada",
                        "verification: Successful",
                        "/ui/pipelines/" + pipeline.project + "/stages/dev/promote?freight=" + pipeline.braveOtter,
                        "/ui/pipelines/" + pipeline.project + "/stages/prod/promote?freight=" + pipeline.braveOtter)
                .doesNotContain("/stages/staging/promote?freight=")
                .contains("never promoted");
        assertThat(page).doesNotContain("rel=\"next\"");
    }

    @Test
    void theFreightViewTheCliReadsCarriesChartsAndCommitsAndTheChartsPushIsOnItsCommitsTimeline() {
        given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .when()
                .get("/pipelines/" + pipeline.project + "/freight")
                .then()
                .statusCode(200)
                .body("freight[0].id", is(pipeline.wildFox))
                .body("freight[0].charts[0].repository", is("registry.test/acme/charts/" + pipeline.project))
                .body("freight[0].charts[0].version", is("1.2.0"))
                .body("freight[0].commits[0].id", is(pipeline.wildFoxCommit))
                .body("freight[0].commits[0].message", is(FlowPagesFixture.CONFIG_MESSAGE))
                .body("freight[0].images[0].tag", is("1.2.0"));

        String timeline = WebSession.signIn("viewer").page("/ui/commits/" + pipeline.wildFoxCommit);

        assertThat(timeline)
                .contains("data-kind=\"chart-published\"")
                .contains("chart registry.test/acme/charts/" + pipeline.project + " 1.2.0 published")
                .contains("(1 image, 1 chart, 1 commit)");
    }

    @Test
    void olderFreightIsOnThePageTheOlderLinkLeadsTo() {
        WebSession viewer = WebSession.signIn("viewer");
        String first = viewer.page("/ui/pipelines/" + pipeline.project + "/freight?limit=2");
        assertThat(first).contains("wild-fox", "eager-lynx").doesNotContain("brave-otter");
        Matcher older = OLDER.matcher(first);
        assertThat(older.find()).isTrue();

        String second = viewer.request()
                .urlEncodingEnabled(false)
                .get(older.group(1).replace("&amp;", "&"))
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(second).contains("brave-otter", "Newest").doesNotContain("wild-fox", "rel=\"next\"");
    }

    @Test
    void theConfirmationSaysWhatWillBeWrittenWhereAndWhoMustApprove() {
        WebSession alice = WebSession.signIn("alice");

        String dev =
                alice.page("/ui/pipelines/" + pipeline.project + "/stages/dev/promote?freight=" + pipeline.wildFox);
        assertThat(dev)
                .contains(
                        "Promote wild-fox to dev",
                        "registry.test/acme/" + pipeline.project + ":1.2.0@sha256:" + "0".repeat(64),
                        "http://git.test/gitops/" + pipeline.project + ".git",
                        "<code>main</code>",
                        "<code>dev/values.yaml</code>",
                        "<code>image.tag</code>",
                        "requires no approval",
                        "<label for=\"reason\">",
                        "name=\"freight\" value=\"" + pipeline.wildFox + "\"",
                        "name=\"csrf\"")
                .doesNotContain("rollback to", "overrideWindow");

        String prod = alice.page("/ui/pipelines/" + pipeline.project + "/stages/prod/promote?freight=brave-otter");
        assertThat(prod)
                .contains(
                        "The stage's target is not known yet",
                        "requires 1 approval from role <strong>release-manager</strong>");
    }

    @Test
    void promotingAnOlderFreightIsShownAsARollback() {
        String page = WebSession.signIn("bob")
                .page("/ui/pipelines/" + pipeline.project + "/stages/dev/promote?freight=" + pipeline.braveOtter);

        assertThat(page)
                .contains("This is a rollback to brave-otter: the stage goes back from eager-lynx to brave-otter");
    }

    @Test
    void thePromoteFormReachesPromotionServiceAndRedirectsToTheNewPromotion() {
        String path = "/pipelines/" + pipeline.project + "/stages/dev/promotions";
        String created = UUID.randomUUID().toString();
        promotionService.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"promotion\":{\"id\":\"" + created + "\",\"phase\":\"Pending\"},\"writes\":[]}")));
        WebSession alice = WebSession.signIn("alice");

        alice.request()
                .formParam("csrf", alice.csrf())
                .formParam("freight", pipeline.wildFox)
                .formParam("reason", "release <1.2>")
                .post("/ui" + path)
                .then()
                .statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/ui/promotions/" + created));

        promotionService.verify(
                1,
                postRequestedFor(urlPathEqualTo(path))
                        .withRequestBody(equalToJson("{\"freight\":\"" + pipeline.wildFox
                                + "\",\"reason\":\"release <1.2>\",\"overrideWindow\":false}")));
    }

    @Test
    void promotionServicesRefusalIsShownWithItsStatusAndReasonEscaped() {
        String path = "/pipelines/" + pipeline.project + "/stages/prod/promotions";
        promotionService.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(409)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"the <i>freeze</i> window is closed\"}")));
        WebSession bob = WebSession.signIn("bob");

        Response answer = bob.request()
                .formParam("csrf", bob.csrf())
                .formParam("freight", "brave-otter")
                .formParam("reason", "hotfix")
                .formParam("overrideWindow", "true")
                .post("/ui" + path);

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.asString()).contains("the &lt;i&gt;freeze&lt;/i&gt; window is closed", "409");
        promotionService.verify(
                1,
                postRequestedFor(urlPathEqualTo(path))
                        .withRequestBody(equalToJson(
                                "{\"freight\":\"brave-otter\",\"reason\":\"hotfix\",\"overrideWindow\":true}")));
    }

    @Test
    void aPromoteFormWithoutItsTokenIsRefusedAndNothingReachesPromotionService() {
        String path = "/pipelines/" + pipeline.project + "/stages/staging/promotions";
        WebSession alice = WebSession.signIn("alice");

        alice.request()
                .formParam("freight", pipeline.wildFox)
                .post("/ui" + path)
                .then()
                .statusCode(403);
        alice.request()
                .formParam("csrf", WebSession.signIn("bob").csrf())
                .formParam("freight", pipeline.wildFox)
                .post("/ui" + path)
                .then()
                .statusCode(403);

        promotionService.verify(0, postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void badNamesAreBadRequestsAndUnknownOnesNotFoundPages() {
        WebSession viewer = WebSession.signIn("viewer");

        viewer.request().get("/ui/pipelines/Books/freight").then().statusCode(400);
        Response unknown = viewer.request().get("/ui/pipelines/" + pipeline.project + "x/freight");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.asString()).contains("is not known to the console", "<main id=\"main\">");
        viewer.request()
                .get("/ui/pipelines/" + pipeline.project + "/stages/dev/promote?freight=<script>")
                .then()
                .statusCode(400);
        viewer.request()
                .get("/ui/pipelines/" + pipeline.project + "/stages/qa/promote?freight=wild-fox")
                .then()
                .statusCode(404);
    }
}
