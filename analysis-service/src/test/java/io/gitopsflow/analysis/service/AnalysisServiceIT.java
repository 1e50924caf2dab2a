package io.gitopsflow.analysis.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.gitopsflow.analysis.AnalysisTestResource;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.PrometheusServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** stage-promoted → analysis run → analysis-completed, through the real broker, PostgreSQL and Prometheus. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "analysis_service"))
@WithTestResource(AnalysisTestResource.class)
@WithTestResource(JwtTestResource.class)
class AnalysisServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** An operator: reads, and terminates (AnalysisSecurityIT covers who may not). */
    private static final String ALICE = JwtTestResource.token("alice", "operator");

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

    private static StagePromoted promoted(String stage, AnalysisTemplateRef... templates) {
        return new StagePromoted(
                "p-" + UUID.randomUUID(),
                "books",
                stage,
                "f-" + UUID.randomUUID().toString().substring(0, 8),
                "alias",
                List.of(),
                null,
                List.of(),
                List.of(templates),
                Instant.now());
    }

    private static AnalysisTemplateRef template(String name) {
        return new AnalysisTemplateRef(name, false, Map.of());
    }

    private static List<AnalysisCompleted> verdicts(String promotionId, int count) {
        return kafka
                .awaitRecords(
                        EventType.ANALYSIS_COMPLETED.topic(),
                        count,
                        r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                                .map(e -> promotionId.equals(e.data().promotionId()))
                                .orElse(false),
                        WAIT)
                .stream()
                .map(r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                        .orElseThrow()
                        .data())
                .toList();
    }

    /** Sends the promotion and waits for its one verdict. */
    private static AnalysisCompleted verdictOf(StagePromoted promoted) {
        kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
        return verdicts(promoted.promotionId(), 1).get(0);
    }

    @Test
    void theSeedTemplatesPassOnAHealthyTargetAndARedeliveryStartsNoSecondRun() {
        Assumptions.assumeTrue(PrometheusServer.available(), "prometheus is not installed");
        StagePromoted promoted = promoted("staging", template("success-rate-check"), template("latency-check"));
        long started = System.nanoTime();
        CloudEventAttributes sent = kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");

        AnalysisCompleted verdict = verdicts(promoted.promotionId(), 1).get(0);
        long wallMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.println("analysis run of 2 metrics x 2 measurements, 1 s apart: " + wallMillis + " ms end to end");
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.project()).isEqualTo("books");
        assertThat(verdict.freightId()).isEqualTo(promoted.freightId());
        assertThat(verdict.metrics())
                .extracting(AnalysisCompleted.MetricResult::name)
                .containsExactly("success-rate", "latency-p95");
        assertThat(verdict.metrics()).allSatisfy(metric -> {
            assertThat(metric.phase()).isEqualTo(Phase.SUCCESSFUL);
            assertThat(metric.count()).isEqualTo(2);
            assertThat(metric.successful()).isEqualTo(2);
            assertThat(metric.lastValue()).startsWith("[");
        });

        given().auth()
                .oauth2(ALICE)
                .get("/analysis-runs/" + verdict.analysisRunId())
                .then()
                .statusCode(200)
                .body("run.phase", equalTo("Successful"))
                .body("metrics.name", hasItems("success-rate", "latency-p95"));
        given().auth()
                .oauth2(ALICE)
                .queryParam("metric", "success-rate")
                .get("/analysis-runs/" + verdict.analysisRunId() + "/measurements")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2))
                .body("phase", hasItems("Successful"));

        // the same record again: no second run, the stored verdict published again
        kafka.produce(EventType.STAGE_PROMOTED, new EventEnvelope<>(sent, promoted));
        List<AnalysisCompleted> both = verdicts(promoted.promotionId(), 2);
        assertThat(both).extracting(AnalysisCompleted::analysisRunId).containsOnly(verdict.analysisRunId());
        given().auth()
                .oauth2(ALICE)
                .queryParam("promotionId", promoted.promotionId())
                .get("/analysis-runs")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void aReverifyOfAPromotionGetsARunOfItsOwnThatMeasuresAgain() {
        StagePromoted promoted =
                promoted("prod", new AnalysisTemplateRef("web-error-rate", true, Map.of("path", "/health")));
        kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
        AnalysisCompleted first = verdicts(promoted.promotionId(), 1).get(0);
        assertThat(first.phase()).isEqualTo(Phase.SUCCESSFUL);

        // promotion-service's reverify (or an automatic rollback's check) owes a new stage-promoted: a new CloudEvent
        // id for the same promotion, which is measured again rather than answered with the stored verdict
        AnalysisTestResource.webErrorRate = 0.5;
        try {
            kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
            List<AnalysisCompleted> both = verdicts(promoted.promotionId(), 2);
            assertThat(both).extracting(AnalysisCompleted::analysisRunId).doesNotHaveDuplicates();
            assertThat(both.get(1).phase()).isEqualTo(Phase.FAILED);
        } finally {
            AnalysisTestResource.webErrorRate = 0.0;
        }
        given().auth()
                .oauth2(ALICE)
                .queryParam("promotionId", promoted.promotionId())
                .get("/analysis-runs")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2));
    }

    @Test
    void aDegradedWebEndpointFailsTheRunWithTheLimitThatDecided() {
        AnalysisTestResource.webErrorRate = 0.5;
        try {
            StagePromoted promoted =
                    promoted("prod", new AnalysisTemplateRef("web-error-rate", true, Map.of("path", "/health")));
            kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
            AnalysisCompleted verdict = verdicts(promoted.promotionId(), 1).get(0);
            assertThat(verdict.phase()).isEqualTo(Phase.FAILED);
            assertThat(verdict.message())
                    .isEqualTo("Metric \"error-rate\" assessed Failed due to failed (1) > failureLimit (0):"
                            + " \"successCondition 'result < 0.05' is false\"");
            assertThat(verdict.metrics().get(0).lastValue()).isEqualTo("0.5");
        } finally {
            AnalysisTestResource.webErrorRate = 0.0;
        }
    }

    @Test
    void aQueryPrometheusRefusesEndsInErrorWithPrometheusReason() {
        Assumptions.assumeTrue(PrometheusServer.available(), "prometheus is not installed");
        StagePromoted promoted = promoted("dev", template("broken-query"));
        kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
        AnalysisCompleted verdict = verdicts(promoted.promotionId(), 1).get(0);
        assertThat(verdict.phase()).isEqualTo(Phase.ERROR);
        assertThat(verdict.message())
                .startsWith("Metric \"broken\" assessed Error due to consecutiveErrors (2) > consecutiveErrorLimit (1)")
                .contains("Prometheus refused the query (HTTP 400, bad_data)");
        assertThat(verdict.metrics().get(0).error()).isEqualTo(2);
    }

    @Test
    void anUnknownTemplateOrAMissingArgumentIsAnErrorVerdictAtOnce() {
        StagePromoted promoted = promoted("qa", template("no-such-template"));
        kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
        AnalysisCompleted verdict = verdicts(promoted.promotionId(), 1).get(0);
        assertThat(verdict.phase()).isEqualTo(Phase.ERROR);
        assertThat(verdict.message())
                .isEqualTo("analysis spec invalid: AnalysisTemplate/no-such-template is not loaded (see GET"
                        + " /analysis-templates for the templates and their problems)");

        StagePromoted extra =
                promoted("qa", new AnalysisTemplateRef("web-error-rate", true, Map.of("path", "/health", "oops", "1")));
        kafka.produce(EventType.STAGE_PROMOTED, extra, "c0ffee");
        assertThat(verdicts(extra.promotionId(), 1).get(0).message())
                .contains("the stage passes argument 'oops', which ClusterAnalysisTemplate/web-error-rate does not");
    }

    @Test
    void aRunTerminatedThroughRestEndsSuccessfulAndIsPublished() {
        StagePromoted promoted = promoted("perf", template("long-check"));
        kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
        String runId = org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> given().auth()
                                .oauth2(ALICE)
                                .queryParam("promotionId", promoted.promotionId())
                                .get("/analysis-runs")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("id", String.class),
                        ids -> !ids.isEmpty())
                .get(0);
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> given().auth()
                                .oauth2(ALICE)
                                .get("/analysis-runs/" + runId + "/measurements")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("id")
                                .size()
                        >= 2);
        given().auth()
                .oauth2(ALICE)
                .post("/analysis-runs/" + runId + "/terminate")
                .then()
                .statusCode(200)
                .body("run.phase", equalTo("Successful"))
                .body("run.message", equalTo("Run Terminated by alice"));
        AnalysisCompleted verdict = verdicts(promoted.promotionId(), 1).get(0);
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.message()).isEqualTo("Run Terminated by alice");
        given().auth()
                .oauth2(ALICE)
                .post("/analysis-runs/ar-missing/terminate")
                .then()
                .statusCode(404);
    }

    @Test
    void aRunLeftHalfwayByAStoppedInstanceGoesOnFromWhereItWas() {
        // the state a crashed instance leaves: 2 of 3 measurements stored, the third claimed but never recorded
        String runId = "ar-" + UUID.randomUUID();
        String promotionId = "p-" + UUID.randomUUID();
        MetricSpec spec = new MetricSpec(
                "resumed",
                Duration.ofSeconds(1),
                null,
                3,
                "result < 0.05",
                null,
                0,
                0,
                4,
                0,
                false,
                0,
                "web",
                Map.of("url", webUrl() + "/health", "jsonPath", "{$.errorRate}"));
        OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        pool.preparedQuery("insert into analysis_run (id, promotion_id, project, stage, freight_id, phase,"
                        + " metrics_json, templates, created_at, started_at) values ($1, $2, 'books', 'restart',"
                        + " 'f-1', 'Running', $3, 'AnalysisTemplate/x', $4, $4)")
                .execute(Tuple.of(runId, promotionId, RunSpecs.toJson(List.of(spec)), past))
                .await()
                .atMost(WAIT);
        pool.preparedQuery("insert into run_metric (run_id, name, position, phase, dry_run, measurements, count,"
                        + " successful, consecutive_success, last_value, next_at, claimed_until) values ($1,"
                        + " 'resumed', 0, 'Running', false, 2, 2, 2, 2, '0.0', $2, $2)")
                .execute(Tuple.of(runId, past.plusSeconds(2)))
                .await()
                .atMost(WAIT);

        AnalysisCompleted verdict = verdicts(promotionId, 1).get(0);
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.metrics().get(0).count()).isEqualTo(3);
        assertThat(verdict.metrics().get(0).successful()).isEqualTo(3);
        given().auth()
                .oauth2(ALICE)
                .get("/analysis-runs/" + runId + "/measurements")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void measurementRetentionKeepsTheNewestMeasurementsWhileTheVerdictCountsThemAll() {
        // kept-newest: 5 measurements 1 s apart, measurementRetention keeps the newest 2 (as Argo Rollouts does)
        AnalysisCompleted verdict = verdictOf(promoted("retention", template("kept-newest")));
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.metrics()).singleElement().satisfies(kept -> {
            assertThat(kept.name()).isEqualTo("kept");
            assertThat(kept.count()).isEqualTo(5);
            assertThat(kept.successful()).isEqualTo(5);
        });

        List<Map<String, Object>> stored = given().auth()
                .oauth2(ALICE)
                .get("/analysis-runs/" + verdict.analysisRunId() + "/measurements")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(stored).hasSize(2).allSatisfy(m -> assertThat(m.get("phase")).isEqualTo("Successful"));
        List<Instant> finished = pool
                .preparedQuery("select finished_at from measurement where run_id = $1 order by id")
                .execute(Tuple.of(verdict.analysisRunId()))
                .await()
                .atMost(WAIT)
                .stream()
                .map(row -> row.getOffsetDateTime("finished_at").toInstant())
                .toList();
        // the two kept are the last two taken: the newest within a second of the run's end
        assertThat(finished).hasSize(2);
        assertThat(Duration.between(finished.get(1), verdict.completedAt())).isLessThan(Duration.ofSeconds(1));
        given().auth()
                .oauth2(ALICE)
                .get("/analysis-runs/" + verdict.analysisRunId())
                .then()
                .statusCode(200)
                .body("metrics[0].count", equalTo(5))
                .body("metrics[0].successful", equalTo(5));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopic() {
        String key = "poison-" + UUID.randomUUID();
        kafka.produceRaw(EventType.STAGE_PROMOTED.topic(), key, "{not json".getBytes(StandardCharsets.UTF_8), Map.of());
        List<ConsumerRecord<String, byte[]>> dead =
                kafka.awaitRecords(EventType.STAGE_PROMOTED.deadLetterTopic(), 1, r -> key.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).isNotBlank();
    }

    @Test
    void templatesAreListedAndInvalidOnesAnsweredWithWhereAndWhat() {
        given().auth()
                .oauth2(ALICE)
                .get("/analysis-templates")
                .then()
                .statusCode(200)
                .body("templates.name", hasItems("success-rate-check", "latency-check", "web-error-rate"))
                .body("problems[0].file", equalTo("refused.yaml"))
                .body("problems[0].line", equalTo(8))
                .body("problems[0].path", equalTo("spec.metrics[0].intervall"));
        given().auth()
                .oauth2(ALICE)
                .contentType("application/yaml")
                .body(("apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: x\nspec:\n"
                                + "  metrics:\n    - name: m\n      interval: soon\n      provider:\n        web:\n"
                                + "          url: http://h/\n")
                        .getBytes(StandardCharsets.UTF_8))
                .post("/analysis-templates/validate")
                .then()
                .statusCode(400)
                .body("problems[0].line", equalTo(8))
                .body("problems[0].path", equalTo("spec.metrics[0].interval"));
    }

    @Test
    void readinessIncludesKafkaAndTheDatabaseAndMetricsAreExposed() {
        given().auth()
                .oauth2(ALICE)
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.name",
                        hasItems(
                                "analysis-templates",
                                "Database connections health check",
                                "SmallRye Reactive Messaging - readiness check"));
        // the broker is in readiness through the Kafka channels (ReadinessIT stops it)
        String health = given().auth().oauth2(ALICE).get("/q/health/ready").asString();
        assertThat(health).contains("\"stage-promoted\": \"[OK]\"").contains("\"analysis-completed\": \"[OK]\"");
        assertThat(given().auth().oauth2(ALICE).get("/q/metrics").asString())
                .contains("gitopsflow_analysis_measurements_in_flight");
    }

    private static String webUrl() {
        return AnalysisTestResource.webUrl;
    }
}
