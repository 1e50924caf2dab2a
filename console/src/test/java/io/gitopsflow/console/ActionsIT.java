package io.gitopsflow.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * People's actions pass through to promotion-service (WireMock stands in for its REST API): the body and the caller's
 * token arrive unchanged, promotion-service's answer comes back as it is, refusals included; a request without a
 * token or with a bad name never leaves the console, and promotion-service away or silent is a 503 with the reason.
 * Onboarding passes through to gitops-writer the same way (the same WireMock stands in for it).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
@WithTestResource(WireMockTestResource.class)
class ActionsIT {

    @InjectWireMock
    WireMockServer promotionService;

    @Test
    void aPromotionArrivesWithItsBodyAndTheCallersTokenAndItsAnswerComesBackUnchanged() {
        String pipeline = FlowEvents.name("books");
        String path = "/pipelines/" + pipeline + "/stages/prod/promotions";
        String answer =
                "{\"id\":\"" + UUID.randomUUID() + "\",\"phase\":\"AWAITING_APPROVAL\",\"requestedBy\":\"ada\"}";
        promotionService.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(answer)));
        String token = ConsoleTestSupport.token("ada", "promoter");
        String body = "{\"freight\":\"brave-otter\",\"reason\":\"release 1.4\",\"overrideWindow\":true}";

        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body(is(answer));

        promotionService.verify(
                1,
                postRequestedFor(urlPathEqualTo(path))
                        .withHeader("Authorization", equalTo("Bearer " + token))
                        .withRequestBody(equalToJson(body)));
    }

    @Test
    void aRollbackIsPromotionServicesPromotionOfTheOlderFreight() {
        String pipeline = FlowEvents.name("books");
        String path = "/pipelines/" + pipeline + "/stages/prod/promotions";
        promotionService.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"rollback\":true}")));

        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .contentType(ContentType.JSON)
                .body("{\"freight\":\"calm-heron\",\"reason\":\"errors since 1.4\"}")
                .when()
                .post("/pipelines/" + pipeline + "/stages/prod/rollback")
                .then()
                .statusCode(201)
                .body(is("{\"rollback\":true}"));

        promotionService.verify(
                1,
                postRequestedFor(urlPathEqualTo(path))
                        .withRequestBody(
                                equalToJson(
                                        "{\"freight\":\"calm-heron\",\"reason\":\"errors since 1.4\",\"overrideWindow\":false}")));
    }

    @Test
    void promotionServicesRefusalsComeBackAsTheyAre() {
        String promotion = UUID.randomUUID().toString();
        String conflict = "{\"error\":\"ada requested this promotion and cannot approve it\"}";
        promotionService.stubFor(post(urlPathEqualTo("/promotions/" + promotion + "/approve"))
                .willReturn(aResponse()
                        .withStatus(409)
                        .withHeader("Content-Type", "application/json")
                        .withBody(conflict)));
        String pipeline = FlowEvents.name("books");
        String refusal = "{\"error\":\"stage 'qa' has no current Freight to verify\"}";
        promotionService.stubFor(post(urlPathEqualTo("/pipelines/" + pipeline + "/stages/qa/reverify"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(refusal)));
        String token = ConsoleTestSupport.token("ada");

        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"comment\":\"looks good\"}")
                .when()
                .post("/promotions/" + promotion + "/approve")
                .then()
                .statusCode(409)
                .body(is(conflict));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"comment\":\"flaky probe\"}")
                .when()
                .post("/pipelines/" + pipeline + "/stages/qa/reverify")
                .then()
                .statusCode(400)
                .body(is(refusal));
        promotionService.verify(
                1,
                postRequestedFor(urlPathEqualTo("/promotions/" + promotion + "/approve"))
                        .withRequestBody(equalToJson("{\"comment\":\"looks good\"}")));
    }

    @Test
    void rejectAndAbortArePassedThroughToo() {
        String promotion = UUID.randomUUID().toString();
        promotionService.stubFor(post(urlPathMatching("/promotions/" + promotion + "/(reject|abort)"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"phase\":\"REJECTED\"}")));
        for (String action : new String[] {"reject", "abort"}) {
            given().auth()
                    .oauth2(ConsoleTestSupport.token("bob", "approver"))
                    .contentType(ContentType.JSON)
                    .body("{\"comment\":\"not today\"}")
                    .when()
                    .post("/promotions/" + promotion + "/" + action)
                    .then()
                    .statusCode(200)
                    .body(is("{\"phase\":\"REJECTED\"}"));
            promotionService.verify(
                    1,
                    postRequestedFor(urlPathEqualTo("/promotions/" + promotion + "/" + action))
                            .withRequestBody(equalToJson("{\"comment\":\"not today\"}")));
        }
    }

    @Test
    void anActionWithoutATokenNeverReachesPromotionService() {
        String promotion = UUID.randomUUID().toString();

        given().contentType(ContentType.JSON)
                .body("{\"comment\":\"sneaky\"}")
                .when()
                .post("/promotions/" + promotion + "/approve")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .contentType(ContentType.JSON)
                .body("{\"freight\":\"brave-otter\"}")
                .when()
                .post("/pipelines/Books/stages/prod/promotions")
                .then()
                .statusCode(400)
                .body("error", containsString("is not a DNS label"));
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .contentType(ContentType.JSON)
                .body("{\"comment\":\"ok\"}")
                .when()
                .post("/promotions/not-a-uuid/approve")
                .then()
                .statusCode(400)
                .body("error", containsString("is not a promotion id"));

        promotionService.verify(0, postRequestedFor(urlPathEqualTo("/promotions/" + promotion + "/approve")));
        promotionService.verify(0, postRequestedFor(urlPathMatching("/pipelines/Books/.*")));
        promotionService.verify(0, postRequestedFor(urlPathMatching("/promotions/not-a-uuid/.*")));
    }

    @Test
    void promotionServiceAwayIsA503WithTheReason() {
        String promotion = UUID.randomUUID().toString();
        promotionService.stubFor(post(urlPathEqualTo("/promotions/" + promotion + "/abort"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .contentType(ContentType.JSON)
                .body("{\"comment\":\"stop\"}")
                .when()
                .post("/promotions/" + promotion + "/abort")
                .then()
                .statusCode(503)
                .body("error", containsString("promotion-service cannot be reached"));
        promotionService.verify(1, postRequestedFor(urlPathEqualTo("/promotions/" + promotion + "/abort")));
    }

    @Test
    void promotionServiceSilentIsA503AfterTheTimeoutAndTheActionIsNotSentTwice() {
        String promotion = UUID.randomUUID().toString();
        promotionService.stubFor(post(urlPathEqualTo("/promotions/" + promotion + "/approve"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));

        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .contentType(ContentType.JSON)
                .body("{\"comment\":\"ok\"}")
                .when()
                .post("/promotions/" + promotion + "/approve")
                .then()
                .statusCode(503)
                .body("error", containsString("did not answer in time"));
        promotionService.verify(1, postRequestedFor(urlPathEqualTo("/promotions/" + promotion + "/approve")));
    }

    @Test
    void anOnboardingArrivesAtGitOpsWriterWithTheCallersTokenAndItsAnswersComeBackUnchanged() {
        String application = FlowEvents.name("books");
        String body = "{\"name\":\"" + application + "\",\"imageRepository\":\"ghcr.io/acme/books-api\","
                + "\"stages\":[\"dev\",\"prod\"],\"layout\":\"helm\","
                + "\"repositoryUrl\":\"https://github.com/acme/gitops\",\"branch\":\"main\","
                + "\"writeMode\":\"pull-request\"}";
        String created =
                "{\"status\":\"pull-request-opened\",\"pullRequestUrl\":\"https://github.com/acme/gitops/pull/3\"}";
        String refused = "{\"error\":\"application has files that this request would change\"}";
        String alice = ConsoleTestSupport.token("alice", "onboarder");
        String bob = ConsoleTestSupport.token("bob", "onboarder");
        gitOpsWriterStub(application, alice, 201, created);
        gitOpsWriterStub(application, bob, 409, refused);

        given().auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/applications")
                .then()
                .statusCode(201)
                .body(is(created));
        given().auth()
                .oauth2(bob)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/applications")
                .then()
                .statusCode(409)
                .body(is(refused));
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/applications")
                .then()
                .statusCode(401);

        promotionService.verify(
                1,
                postRequestedFor(urlPathEqualTo("/applications"))
                        .withHeader("Authorization", equalTo("Bearer " + alice))
                        .withRequestBody(equalToJson(body)));
        promotionService.verify(
                2,
                postRequestedFor(urlPathEqualTo("/applications"))
                        .withRequestBody(matchingJsonPath("$.name", equalTo(application))));
    }

    private void gitOpsWriterStub(String application, String token, int status, String answer) {
        promotionService.stubFor(post(urlPathEqualTo("/applications"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withRequestBody(matchingJsonPath("$.name", equalTo(application)))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(answer)));
    }
}
