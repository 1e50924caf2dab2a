package io.gitopsflow.analysis.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.gitopsflow.analysis.AnalysisTestResource;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 1: terminating a run (which counts as Successful and verifies the Freight) needs the operator role,
 * every read a signed-in user, and each terminate is in the audit log with its actor — against the real broker and
 * PostgreSQL.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "analysis_service"))
@WithTestResource(AnalysisTestResource.class)
@WithTestResource(JwtTestResource.class)
class AnalysisSecurityIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VIEWER = JwtTestResource.token("victor", "viewer");
    private static final String OPERATOR = JwtTestResource.token("olga", "operator");
    private static KafkaTestClient kafka;

    @Inject
    Pool pool;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void anUnauthenticatedTerminateIsRefusedAndTheRunKeepsRunning() {
        LongRun run = LongRun.start(kafka, "secured", VIEWER);

        given().post("/analysis-runs/" + run.id() + "/terminate")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error", not(emptyOrNullString()));
        given().auth()
                .oauth2(JwtTestResource.foreignToken("olga", "operator"))
                .post("/analysis-runs/" + run.id() + "/terminate")
                .then()
                .statusCode(401)
                .body("error", not(emptyOrNullString()));
        given().header("Authorization", "Bearer not.a.jwt")
                .post("/analysis-runs/" + run.id() + "/terminate")
                .then()
                .statusCode(401);

        assertStillRunning(run);
    }

    @Test
    void aViewerMayReadButNotTerminate() {
        LongRun run = LongRun.start(kafka, "secured", VIEWER);

        as(VIEWER).get("/analysis-runs/" + run.id()).then().statusCode(200).body("run.phase", equalTo("Running"));
        as(VIEWER)
                .post("/analysis-runs/" + run.id() + "/terminate")
                .then()
                .statusCode(403)
                .body("error", equalTo("this needs the role 'operator'"));

        assertStillRunning(run);
    }

    @Test
    void anOperatorTerminatesAndTheAuditLogNamesThemInTheSameTransaction() {
        LongRun run = LongRun.start(kafka, "secured", VIEWER);

        as(OPERATOR)
                .contentType("application/json")
                .body(Map.of("reason", "load test over"))
                .post("/analysis-runs/" + run.id() + "/terminate")
                .then()
                .statusCode(200)
                .body("run.phase", equalTo("Successful"))
                .body("run.message", equalTo("Run Terminated by olga: load test over"));

        List<Row> rows = pool
                .preparedQuery("select action, actor, detail, at from audit_entry where target = $1")
                .execute(Tuple.of(run.id()))
                .await()
                .atMost(WAIT)
                .stream()
                .toList();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.getString("action")).isEqualTo("terminate");
            assertThat(row.getString("actor")).isEqualTo("olga");
            assertThat(row.getString("detail")).isEqualTo("ended Successful: load test over");
            assertThat(row.getOffsetDateTime("at")).isNotNull();
        });
        as(VIEWER)
                .queryParam("target", run.id())
                .get("/audit")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].actor", equalTo("olga"))
                .body("[0].action", equalTo("terminate"));
        AnalysisCompleted verdict = kafka
                .awaitRecords(
                        EventType.ANALYSIS_COMPLETED.topic(),
                        1,
                        r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                                .map(e -> run.promotionId().equals(e.data().promotionId()))
                                .orElse(false),
                        WAIT)
                .stream()
                .map(r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                        .orElseThrow()
                        .data())
                .findFirst()
                .orElseThrow();
        assertThat(verdict.message()).isEqualTo("Run Terminated by olga: load test over");
    }

    @Test
    void everyReadNeedsASignedInUser() {
        for (String path : List.of("/analysis-runs", "/analysis-runs/ar-x", "/analysis-templates", "/audit")) {
            given().get(path).then().statusCode(401).body("error", not(emptyOrNullString()));
            as(VIEWER).get(path).then().statusCode(path.equals("/analysis-runs/ar-x") ? 404 : 200);
        }
        given().contentType("application/yaml")
                .body("kind: AnalysisTemplate\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/analysis-templates/validate")
                .then()
                .statusCode(401);
        // health, metrics and the API description stay open
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private void assertStillRunning(LongRun run) {
        as(VIEWER).get("/analysis-runs/" + run.id()).then().statusCode(200).body("run.phase", equalTo("Running"));
        long audited = pool.preparedQuery("select count(*) from audit_entry where target = $1")
                .execute(Tuple.of(run.id()))
                .await()
                .atMost(WAIT)
                .iterator()
                .next()
                .getLong(0);
        assertThat(audited).isZero();
    }
}
