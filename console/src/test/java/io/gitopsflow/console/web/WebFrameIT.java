package io.gitopsflow.console.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.BoardFixture;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.console.FlowEvents;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The web console's frame: signing in (the local users' way), pages only for the signed-in, the JSON API still on
 * bearer tokens, the headers that forbid what the pages do not use, and forms refused from another site or without
 * their token.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class WebFrameIT {

    private final BoardFixture rows;

    WebFrameIT(AgroalDataSource database) {
        this.rows = new BoardFixture(database);
    }

    @Test
    void aPageWithoutASessionSendsToTheSignInPageWhichListsTheLocalUsersUnderABanner() {
        given().redirects()
                .follow(false)
                .get("/ui/pipelines")
                .then()
                .statusCode(303)
                .header("Location", containsString("/ui/sign-in"));
        String signIn =
                given().get("/ui/sign-in").then().statusCode(200).extract().asString();
        assertThat(signIn).contains("Local users are on", "Sign in as alice", "Sign in as viewer");
    }

    @Test
    void aSignedInUserSeesThePipelinesWithTheirStagesHealthAndWhoTheyAre() throws SQLException {
        String project = FlowEvents.name("frame");
        String freight = rows.freight(project, "frame", "brave-otter", "1.0.0", FlowEvents.sha(), Instant.now());
        rows.promotion(project, "dev", freight, "Succeeded", Instant.now(), Instant.now(), "promotion-service", null);

        WebSession alice = WebSession.signIn("alice");
        alice.request()
                .get("/ui/pipelines")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", "DENY")
                .body(containsString("Signed in as <strong>alice</strong>"))
                .body(containsString(project))
                .body(containsString("dev: healthy"))
                .body(containsString("Local users are on"));
    }

    @Test
    void theJsonApiStillWantsABearerTokenAndAnswers401NotARedirect() {
        given().redirects().follow(false).get("/pipelines").then().statusCode(401);
        given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .get("/pipelines")
                .then()
                .statusCode(200);
        // the page session is not a bearer token for the API
        WebSession.signIn("viewer").request().get("/pipelines").then().statusCode(401);
    }

    @Test
    void aFormOfAnotherSiteIsRefusedAndSoIsOneWithoutTheSessionsToken() {
        WebSession viewer = WebSession.signIn("viewer");
        viewer.request()
                .header("Origin", "https://evil.example.com")
                .formParam("csrf", viewer.csrf())
                .post("/ui/sign-out")
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("another site"));
        assertThat(viewer.csrf()).isNotEqualTo(WebSession.signIn("alice").csrf());
    }

    @Test
    void signingOutClearsTheSessionCookie() {
        WebSession viewer = WebSession.signIn("viewer");
        viewer.request()
                .formParam("csrf", viewer.csrf())
                .post("/ui/sign-out")
                .then()
                .statusCode(303)
                .header("Location", containsString("/ui/sign-in"))
                .cookie("gitops-flow-user", equalTo(""));
        given().redirects()
                .follow(false)
                .formParam("user", "mallory")
                .post("/ui/sign-in")
                .then()
                .statusCode(400)
                .body(not(containsString("Exception")));
    }
}
