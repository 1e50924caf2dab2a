package io.gitopsflow.analysis.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.gitopsflow.analysis.job.SimulatedJobs.End;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service killed (SIGKILL) while argo-rollouts' long-running job metric runs, and a new process on the
 * same database resuming the measurement: the Job it finds is the one created before, never a second one.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class JobRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NAMESPACE = "books";

    KubernetesMockServer server;
    KubernetesClient client;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String promotedTopic = "stage-promoted-job-restart-" + suffix;
    private final String completedTopic = EventType.ANALYSIS_COMPLETED.topic();
    private final String database = "analysis_job_restart_" + suffix;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private KafkaTestClient kafka;
    private ServiceProcess service;
    private SimulatedJobs jobs;
    private volatile End end = End.RUNNING;

    @BeforeEach
    void infrastructure() throws Exception {
        KafkaCluster cluster = KafkaCluster.shared();
        cluster.createTopics(1, List.of(promotedTopic, promotedTopic + ".dlq", completedTopic));
        kafka = new KafkaTestClient(cluster.bootstrapServers());
        TestPostgres postgres = TestPostgres.shared();
        postgres.createDatabase(database);
        Path templates = TestFolders.newFolder("analysis-job-restart-templates");
        String sample = "test_e2e_functional_analysistemplate-long-running-job.yaml";
        Files.writeString(templates.resolve(sample), JobTemplatesTestResource.sample(sample));
        // the Job runs until the test ends it
        jobs = new SimulatedJobs(client, NAMESPACE, job -> end);

        properties.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        properties.putAll(JwtTestResource.settings());
        properties.putAll(postgres.quarkusDatasource(database));
        properties.put("gitops-flow.analysis.templates-dir", templates.toString());
        properties.put("quarkus.kubernetes-client.api-server-url", server.url("/"));
        properties.put("quarkus.kubernetes-client.namespace", NAMESPACE);
        // a measurement the killed process had claimed is taken again 10 s later, not after the 2 min default (and not
        // sooner: the first Kubernetes request of a cold process, the client's creation, takes seconds)
        properties.put("gitops-flow.analysis.measurement-lease", "10s");
        properties.put("mp.messaging.incoming.stage-promoted.topic", promotedTopic);
        properties.put("mp.messaging.incoming.stage-promoted.dead-letter-queue.topic", promotedTopic + ".dlq");
        properties.put("mp.messaging.incoming.stage-promoted.group.id", "analysis-job-restart-" + suffix);
        properties.put("mp.messaging.incoming.stage-promoted.session.timeout.ms", "6000");
    }

    @AfterEach
    void stop() {
        // killed, not stopped: its topic, group and database are this test's, so a clean stop (seconds) tidies nothing
        ServiceProcess.killAll(service);
        if (kafka != null) {
            kafka.close();
        }
        jobs.close();
    }

    private ServiceProcess start(String instance) {
        return ServiceProcess.start(
                "analysis-service (" + instance + ")",
                Path.of("target", "quarkus-app", "quarkus-run.jar"),
                TestFolders.freePort(),
                ServiceProcess.quickStartOptions("256m"),
                properties,
                Path.of("target", "analysis-job-restart-" + suffix + "-" + instance + ".log"),
                Duration.ofSeconds(90));
    }

    private static List<String> runIds(ServiceProcess service, String promotionId) {
        return given().baseUri(service.url())
                .auth()
                .oauth2(JwtTestResource.token("viewer"))
                .queryParam("promotionId", promotionId)
                .get("/analysis-runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", String.class);
    }

    @Test
    void aJobMeasurementWhoseProcessIsKilledIsResumedByTheNextProcessWithoutASecondJob() {
        service = start("first");
        StagePromoted promoted = new StagePromoted(
                "p-" + UUID.randomUUID(),
                "books",
                "restart",
                "f-" + suffix,
                "alias",
                List.of(),
                null,
                List.of(),
                List.of(new AnalysisTemplateRef("long-running-job", false, Map.of())),
                Instant.now());
        CloudEventAttributes attributes = CloudEventAttributes.newEvent(
                EventType.STAGE_PROMOTED, promoted, KafkaTestClient.TEST_SOURCE, "c0ffee", null);
        kafka.produceRaw(
                promotedTopic,
                promoted.partitionKey(),
                EventCodec.encode(promoted),
                KafkaCloudEventHeaders.toHeaders(attributes));
        ServiceProcess first = service;
        String runId = await().atMost(WAIT)
                .until(() -> runIds(first, promoted.promotionId()), ids -> !ids.isEmpty())
                .get(0);
        await().atMost(WAIT).until(() -> jobs.created().size() == 1);
        // a few resumes while the Job runs, none creating a second Job, then the process dies
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> jobs.created().size() == 1);
        first.kill();
        service = null;

        service = start("second");
        // the second process resumes the measurement in flight: the Job still runs, and no second one is created
        await().during(Duration.ofSeconds(3))
                .atMost(WAIT)
                .until(() -> jobs.created().size() == 1);
        String name = jobs.created().get(0).getMetadata().getName();
        end = End.COMPLETE;
        jobs.end(name, End.COMPLETE);

        AnalysisCompleted verdict = KafkaTestClient.decode(
                        EventType.ANALYSIS_COMPLETED,
                        kafka.awaitRecords(
                                        completedTopic,
                                        1,
                                        r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                                                .map(e -> runId.equals(e.data().analysisRunId()))
                                                .orElse(false),
                                        WAIT)
                                .get(0))
                .orElseThrow()
                .data();
        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.metrics()).singleElement().satisfies(metric -> {
            assertThat(metric.count()).isEqualTo(1);
            assertThat(metric.successful()).isEqualTo(1);
        });
        // one Job for the one measurement, over both processes
        assertThat(jobs.created()).hasSize(1);
        assertThat(name).isEqualTo(runId + ".long-running-job-metr.1");
    }
}
