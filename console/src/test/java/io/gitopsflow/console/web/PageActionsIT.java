package io.gitopsflow.console.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.console.FlowEvents;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The board's buttons as a browser posts them (WireMock stands in for promotion-service): the signed-in user's own
 * token reaches promotion-service, success sends back to the board, promotion-service's refusal is a page with its
 * status and reason, and a form without its token or with a bad value never leaves the console.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
@WithTestResource(WireMockTestResource.class)
class PageActionsIT {

    @InjectWireMock
    WireMockServer promotionService;

    @Test
    void anApprovalReachesPromotionServiceWithTheUsersTokenAndReturnsToTheBoard() {
        String promotion = UUID.randomUUID().toString();
        String pipeline = FlowEvents.name("books");
        String path = "/promotions/" + promotion + "/approve";
        promotionService.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"phase\":\"PENDING\"}")));
        WebSession alice = WebSession.signIn("alice");

        alice.request()
                .formParam("csrf", alice.csrf())
                .formParam("pipeline", pipeline)
                .formParam("comment", "ship it")
                .post("/ui" + path)
                .then()
                .statusCode(303)
                .header("Location", endsWith("/ui/pipelines/" + pipeline));

        promotionService.verify(
                1,
                postRequestedFor(urlPathEqualTo(path))
                        .withHeader("Authorization", equalTo("Bearer " + alice.cookie()))
                        .withRequestBody(equalToJson("{\"comment\":\"ship it\"}")));
    }

    @Test
    void aViewersForgedApprovalGetsPromotionServicesRefusalAsA403Page() {
        String promotion = UUID.randomUUID().toString();
        String path = "/promotions/" + promotion + "/approve";
        WebSession viewer = WebSession.signIn("viewer");
        promotionService.stubFor(post(urlPathEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer " + viewer.cookie()))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"viewer does not hold role staging-approver needed to approve or"
                                + " reject promotions into staging\"}")));

        viewer.request()
                .formParam("csrf", viewer.csrf())
                .formParam("pipeline", FlowEvents.name("books"))
                .post("/ui" + path)
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("viewer does not hold role staging-approver"))
                .body(containsString("needs the role <strong>staging-approver</strong>"))
                .body(not(containsString("Exception")));
        promotionService.verify(1, postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aFormWithoutItsTokenOrWithABadValueNeverReachesPromotionService() {
        String promotion = UUID.randomUUID().toString();
        String pipeline = FlowEvents.name("books");
        WebSession alice = WebSession.signIn("alice");

        alice.request()
                .formParam("pipeline", pipeline)
                .post("/ui/promotions/" + promotion + "/approve")
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("CSRF token"));
        alice.request()
                .formParam("csrf", alice.csrf())
                .formParam("pipeline", pipeline)
                .formParam("comment", "  ")
                .post("/ui/promotions/" + promotion + "/reject")
                .then()
                .statusCode(400)
                .body(containsString("a rejection needs a comment"));
        alice.request()
                .formParam("csrf", alice.csrf())
                .formParam("pipeline", "Not_A_Name")
                .post("/ui/promotions/" + promotion + "/abort")
                .then()
                .statusCode(400)
                .body(containsString("is not a DNS label"));

        promotionService.verify(0, postRequestedFor(urlPathMatching("/promotions/" + promotion + "/.*")));
    }

    @Test
    void reverifyPassesThroughAndAConflictComesBackAsAPageWithItsReasonEscaped() {
        String pipeline = FlowEvents.name("books");
        String promotion = UUID.randomUUID().toString();
        promotionService.stubFor(post(urlPathEqualTo("/pipelines/" + pipeline + "/stages/dev/reverify"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        promotionService.stubFor(post(urlPathEqualTo("/promotions/" + promotion + "/abort"))
                .willReturn(aResponse()
                        .withStatus(409)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"promotion already ended SUCCEEDED <b>\"}")));
        WebSession bob = WebSession.signIn("bob");

        bob.request()
                .formParam("csrf", bob.csrf())
                .post("/ui/pipelines/" + pipeline + "/stages/dev/reverify")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/ui/pipelines/" + pipeline));
        bob.request()
                .formParam("csrf", bob.csrf())
                .formParam("pipeline", pipeline)
                .post("/ui/promotions/" + promotion + "/abort")
                .then()
                .statusCode(409)
                .body(containsString("promotion already ended SUCCEEDED &lt;b&gt;"));

        promotionService.verify(
                1,
                postRequestedFor(urlPathEqualTo("/pipelines/" + pipeline + "/stages/dev/reverify"))
                        .withHeader("Authorization", equalTo("Bearer " + bob.cookie())));
    }

    @Test
    void aRefusalBeforeThePageRunsIsAnHtmlPageUnderUiAndTheApisJsonElsewhere() {
        String pipeline = FlowEvents.name("books");
        WebSession viewer = WebSession.signIn("viewer");

        viewer.request()
                .post("/ui/pipelines/" + pipeline + "/stages/staging/reverify")
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("<h1 id=\"refusal-title\">403 Not allowed</h1>"))
                .body(containsString("CSRF token"))
                .body(containsString("Signed in as"));
        viewer.request()
                .get("/ui/no-such-page")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("<a href=\"/ui/pipelines\">Back to the pipelines</a>"));
        given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .get("/pipelines/Not_A_Name/freight")
                .then()
                .statusCode(400)
                .contentType(containsString("application/json"))
                .body("error", containsString("is not a DNS label"));
        given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .get("/no-such-resource")
                .then()
                .statusCode(404)
                .contentType(containsString("application/json"))
                .body("$", hasKey("error"));
        promotionService.verify(0, postRequestedFor(urlPathMatching("/pipelines/" + pipeline + "/.*")));
    }
}
