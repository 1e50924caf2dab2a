package io.gitopsflow.analysis.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsflow.analysis.job.SimulatedJobs.End;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * argo-rollouts' job templates end to end: stage-promoted → Jobs on the Fabric8 mock API (CRUD mode, a test plays the
 * Job controller) → analysis-completed, through the real broker and PostgreSQL.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "analysis_jobs"))
@WithTestResource(JobTemplatesTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithKubernetesTestServer(crud = true)
class JobAnalysisIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NAMESPACE = "books";
    private static final String ALICE = JwtTestResource.token("alice", "operator");

    private static KafkaTestClient kafka;

    @Inject
    KubernetesClient client;

    @Inject
    Pool pool;

    private SimulatedJobs jobs;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void playTheJobController() {
        // as the examples' names say: pass passes, random-fail fails (every time here), the long-running Job runs
        // until it is ended, the invalid image cannot be pulled
        jobs = new SimulatedJobs(client, NAMESPACE, job -> {
            String metric = job.getMetadata().getAnnotations().get(MetricJobs.METRIC_ANNOTATION);
            return switch (metric) {
                case "pass" -> End.COMPLETE;
                case "random-fail" -> End.FAILED;
                case "invalid-image-job-metric" -> End.IMAGE_PULL_BACK_OFF;
                // the deploy sample's test Jobs pass, unless their Job says "broken" (a broken suite here)
                case "smoke-tests", "integration-tests", "performance-tests" ->
                    job.getSpec().toString().contains("broken") ? End.FAILED : End.COMPLETE;
                default -> End.RUNNING;
            };
        });
    }

    @AfterEach
    void stopTheJobController() {
        jobs.close();
    }

    static StagePromoted promoted(String stage, AnalysisTemplateRef template) {
        return promoted("books", stage, template);
    }

    static StagePromoted promoted(String project, String stage, AnalysisTemplateRef template) {
        return promoted(project, stage, List.of(template));
    }

    static StagePromoted promoted(String project, String stage, List<AnalysisTemplateRef> templates) {
        return new StagePromoted(
                "p-" + UUID.randomUUID(),
                project,
                stage,
                "f-" + UUID.randomUUID().toString().substring(0, 8),
                "alias",
                List.of(),
                null,
                List.of(),
                templates,
                Instant.now());
    }

    static AnalysisCompleted verdictOf(StagePromoted promoted) {
        kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
        return kafka
                .awaitRecords(
                        EventType.ANALYSIS_COMPLETED.topic(),
                        1,
                        r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                                .map(e -> promoted.promotionId().equals(e.data().promotionId()))
                                .orElse(false),
                        WAIT)
                .stream()
                .map(r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                        .orElseThrow()
                        .data())
                .findFirst()
                .orElseThrow();
    }

    private List<Job> jobsOf(String runId) {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withLabel(MetricJobs.RUN_UID_LABEL, runId)
                .list()
                .getItems();
    }

    @Test
    void theExamplesPassingJobMakesTheRunSuccessfulWithOneJobInTheProjectsNamespace() {
        AnalysisCompleted verdict = verdictOf(promoted("staging", new AnalysisTemplateRef("pass", false, Map.of())));

        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.metrics().get(0).successful()).isEqualTo(1);
        List<Job> created = jobsOf(verdict.analysisRunId());
        assertThat(created).hasSize(1);
        Job job = created.get(0);
        assertThat(job.getMetadata().getName()).isEqualTo(verdict.analysisRunId() + ".pass.1");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry("analysisrun.argoproj.io/name", verdict.analysisRunId())
                .containsEntry("analysisrun.argoproj.io/namespace", NAMESPACE)
                .containsEntry("analysisrun.argoproj.io/metric-name", "pass");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("alpine:3.8");
    }

    /** The deploy sample's staging: its integration and smoke tests as arguments fill them, both must pass. */
    static List<AnalysisTemplateRef> stagingTests(String testImage) {
        String baseUrl = "http://books-api.books-staging:8080";
        return List.of(
                new AnalysisTemplateRef(
                        "integration-tests", false, Map.of("base-url", baseUrl, "test-image", testImage)),
                new AnalysisTemplateRef("smoke-tests", false, Map.of("base-url", baseUrl)));
    }

    @Test
    void theSampleStagingIsVerifiedOnlyWhenItsIntegrationAndSmokeTestJobsBothComplete() {
        AnalysisCompleted passed =
                verdictOf(promoted("books", "staging", stagingTests("registry.example.com/acme/books-api-tests:1")));
        assertThat(passed.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(passed.metrics())
                .extracting(metric -> metric.name() + " " + metric.successful())
                .containsExactlyInAnyOrder("integration-tests 1", "smoke-tests 1");
        List<Job> created = jobsOf(passed.analysisRunId());
        assertThat(created)
                .extracting(job -> job.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        passed.analysisRunId() + ".integration-tests.1", passed.analysisRunId() + ".smoke-tests.1");
        Job integration = created.stream()
                .filter(job -> job.getMetadata().getName().endsWith(".integration-tests.1"))
                .findFirst()
                .orElseThrow();
        var suite =
                integration.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(suite.getImage()).isEqualTo("registry.example.com/acme/books-api-tests:1");
        assertThat(suite.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("BASE_URL");
            assertThat(env.getValue()).isEqualTo("http://books-api.books-staging:8080");
        });

        // one failing test Job (the suite's image says so here) fails the verification: all must pass
        AnalysisCompleted failed = verdictOf(
                promoted("books", "staging", stagingTests("registry.example.com/acme/books-api-tests:broken")));
        assertThat(failed.phase()).isEqualTo(Phase.FAILED);
        assertThat(failed.message()).contains("integration-tests");
        assertThat(failed.metrics())
                .filteredOn(metric -> metric.name().equals("integration-tests"))
                .singleElement()
                .satisfies(metric -> assertThat(metric.failed()).isEqualTo(1));

        // the prod stage's smoke and performance tests run the same way
        AnalysisCompleted prod = verdictOf(promoted(
                "books",
                "prod",
                List.of(
                        new AnalysisTemplateRef("smoke-tests", false, Map.of("base-url", "http://books-api:8080")),
                        new AnalysisTemplateRef(
                                "performance-tests", false, Map.of("base-url", "http://books-api:8080")))));
        assertThat(prod.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(jobsOf(prod.analysisRunId())).hasSize(2);
    }

    @Test
    void theClusterTemplatesJobPassesToo() {
        AnalysisCompleted verdict =
                verdictOf(promoted("staging", new AnalysisTemplateRef("always-pass", true, Map.of())));
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
    }

    @Test
    void aProjectMappedToAnotherNamespaceRunsItsJobsThere() {
        // gitops-flow.analysis.kubernetes.namespaces."catalog"=books (JobTemplatesTestResource)
        AnalysisCompleted verdict =
                verdictOf(promoted("catalog", "staging", new AnalysisTemplateRef("pass", false, Map.of())));
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(jobsOf(verdict.analysisRunId()))
                .singleElement()
                .satisfies(job -> assertThat(job.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
    }

    @Test
    void failingJobsFailTheRunOnceTheyExceedTheFailureLimit() {
        long started = System.nanoTime();
        AnalysisCompleted verdict = verdictOf(promoted("qa", new AnalysisTemplateRef("random-fail", false, Map.of())));

        // count 2, interval 5s, failureLimit 1: two Failed measurements, two Jobs, 5 s apart
        assertThat(verdict.phase()).isEqualTo(Phase.FAILED);
        assertThat(verdict.message())
                .startsWith("Metric \"random-fail\" assessed Failed due to failed (2) > failureLimit (1)");
        assertThat(verdict.metrics().get(0).failed()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(5));
        assertThat(jobsOf(verdict.analysisRunId()))
                .extracting(job -> job.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        verdict.analysisRunId() + ".random-fail.1", verdict.analysisRunId() + ".random-fail.2");
    }

    @Test
    void aJobThatCannotPullItsImageMakesTheRunInconclusive() {
        AnalysisCompleted verdict =
                verdictOf(promoted("dev", new AnalysisTemplateRef("invalid-image-job", false, Map.of())));
        assertThat(verdict.phase()).isEqualTo(Phase.INCONCLUSIVE);
        assertThat(verdict.message()).contains("container invalid-image-job has terminal error (ImagePullBackOff)");
    }

    @Test
    void onlyTheNewestJobsWithinTheMeasurementRetentionAreKept() {
        AnalysisCompleted verdict =
                verdictOf(promoted("staging", new AnalysisTemplateRef("pass-kept", false, Map.of())));
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.metrics().get(0).count()).isEqualTo(4);
        String run = verdict.analysisRunId();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(jobsOf(run))
                        .extracting(job -> job.getMetadata().getName())
                        .containsExactlyInAnyOrder(run + ".pass.3", run + ".pass.4"));
    }

    @Test
    void aJobStillRunningIsResumedAcrossClaimsAndTerminatingTheRunDeletesIt() {
        StagePromoted promoted = promoted("prod", new AnalysisTemplateRef("long-running-job", false, Map.of()));
        kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
        String runId = await().atMost(WAIT)
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
        await().atMost(WAIT).until(() -> jobsOf(runId).size() == 1);
        // in flight between claims: the Job's name stored with the metric, which waits in the queue; every resume
        // is a new claim, as after a restart, and none creates a second Job
        await().atMost(WAIT).until(() -> inFlight(runId) != null);
        Row metric = inFlight(runId);
        // Argo's name: the metric's name cut so that the whole fits in 63 characters
        assertThat(metric.getString("in_flight_metadata")).contains("\"" + runId + ".long-running-job-metr.1\"");
        // for 3 s of resumes, the one Job stays the only one and no measurement is recorded
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> jobsOf(runId).size() == 1 && measurements(runId).isEmpty());

        given().auth()
                .oauth2(ALICE)
                .post("/analysis-runs/" + runId + "/terminate")
                .then()
                .statusCode(200);

        AnalysisCompleted verdict = kafka
                .awaitRecords(
                        EventType.ANALYSIS_COMPLETED.topic(),
                        1,
                        r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                                .map(e -> runId.equals(e.data().analysisRunId()))
                                .orElse(false),
                        WAIT)
                .stream()
                .map(r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                        .orElseThrow()
                        .data())
                .findFirst()
                .orElseThrow();
        // argo-rollouts' e2e (TestCanaryBackgroundAnalysisLongRunningJob): Inconclusive, not Successful
        assertThat(verdict.phase()).isEqualTo(Phase.INCONCLUSIVE);
        assertThat(verdict.metrics().get(0).inconclusive()).isEqualTo(1);
        assertThat(measurements(runId)).containsExactly("Inconclusive Metric Terminated");
        await().atMost(WAIT).until(() -> jobsOf(runId).isEmpty());
    }

    private Row inFlight(String runId) {
        var rows = pool.preparedQuery("select in_flight_metadata, work_status from run_metric where run_id = $1"
                        + " and in_flight_metadata is not null")
                .execute(Tuple.of(runId))
                .await()
                .atMost(Duration.ofSeconds(10));
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    private List<String> measurements(String runId) {
        List<String> found = new java.util.ArrayList<>();
        pool.preparedQuery("select phase, message from measurement where run_id = $1 order by id")
                .execute(Tuple.of(runId))
                .await()
                .atMost(Duration.ofSeconds(10))
                .forEach(row -> found.add(row.getString("phase") + " " + row.getString("message")));
        return found;
    }
}
