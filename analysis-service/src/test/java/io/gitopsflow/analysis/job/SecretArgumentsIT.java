package io.gitopsflow.analysis.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gitopsflow.analysis.service.MetricProviders;
import io.gitopsflow.analysis.service.RunSpecs;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.messaging.work.WorkRunner;
import io.gitopsflow.spec.analysis.AnalysisTemplate;
import io.gitopsflow.spec.analysis.AnalysisTemplate.Argument;
import io.gitopsflow.spec.analysis.AnalysisTemplate.SecretKeyRef;
import io.gitopsflow.spec.analysis.AnalysisTemplate.ValueFrom;
import io.gitopsflow.spec.analysis.InvalidTemplateException;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code args[].valueFrom.secretKeyRef} with argo-rollouts' examples/rollout-secret.yaml: the Secret's URL read
 * through the Kubernetes API (Fabric8 mock, CRUD mode) reaches the web metric, and appears in no database row, no
 * published event, no log line and no error message.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "analysis_jobs"))
@WithTestResource(JobTemplatesTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithKubernetesTestServer(crud = true)
class SecretArgumentsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SAMPLE = "examples_rollout-secret.yaml";

    private static KafkaTestClient kafka;
    private static HttpServer web;
    private static final List<String> requested = new CopyOnWriteArrayList<>();

    @Inject
    KubernetesClient client;

    @Inject
    Pool pool;

    @Inject
    MetricProviders providers;

    @Inject
    WorkRunner measurements;

    private final String token = "s3cr3t-" + UUID.randomUUID();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + " " + Arrays.toString(record.getParameters())
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void start() throws IOException {
        kafka = KafkaTestClient.shared();
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // the gist the example's Secret points at answers {"message": "It worked!"}
        web.createContext("/secret-check/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            byte[] body = "{\"message\": \"It worked!\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        web.start();
    }

    @AfterAll
    static void stop() {
        web.stop(0);
        kafka.close();
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void theSecretsUrlReachesTheWebMetricAndIsNowhereElse() {
        String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/secret-check/" + token;
        createExampleSecret("books", Map.of("secretUrl", url));

        String runId = startRun("books", "staging");
        ConsumerRecord<String, byte[]> published = verdictRecord(runId);
        AnalysisCompleted verdict = KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, published)
                .orElseThrow()
                .data();

        assertThat(verdict.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict.metrics().get(0).lastValue()).isEqualTo("It worked!");
        assertThat(requested).contains("/secret-check/" + token);
        assertNowhere(runId, published);
    }

    @Test
    void anUnreachableSecretUrlIsAnErrorWhoseMessageMasksIt() {
        createExampleSecret("shop", Map.of("secretUrl", "http://127.0.0.1:1/secret-check/" + token));

        String runId = startRun("shop", "staging");
        ConsumerRecord<String, byte[]> published = verdictRecord(runId);
        AnalysisCompleted verdict = KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, published)
                .orElseThrow()
                .data();

        assertThat(verdict.phase()).isEqualTo(Phase.ERROR);
        assertThat(verdict.message())
                .startsWith(
                        "Metric \"webmetric\" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)")
                // the whole URL is the Secret's value: masked wherever it would appear
                .endsWith(": \"GET ***** is unreachable (*****)\"");
        assertThat(measurementMessages(runId))
                .hasSize(5)
                .allSatisfy(message -> assertThat(message).contains("*****"));
        assertNowhere(runId, published);
    }

    @Test
    void aMissingSecretOrKeyEndsTheRunErrorWithArgosReasonAndNoValue() {
        AnalysisCompleted noSecret = KafkaTestClient.decode(
                        EventType.ANALYSIS_COMPLETED, verdictRecord(startRun("toys", "staging")))
                .orElseThrow()
                .data();
        assertThat(noSecret.phase()).isEqualTo(Phase.ERROR);
        assertThat(noSecret.message())
                .isEqualTo(
                        "Unable to resolve metric arguments: secrets \"example-secret\" not found in namespace toys");

        createExampleSecret("games", Map.of("otherKey", token));
        String runId = startRun("games", "staging");
        ConsumerRecord<String, byte[]> published = verdictRecord(runId);
        AnalysisCompleted noKey = KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, published)
                .orElseThrow()
                .data();
        assertThat(noKey.phase()).isEqualTo(Phase.ERROR);
        assertThat(noKey.message())
                .isEqualTo("Unable to resolve metric arguments: key 'secretUrl' does not exist in secret"
                        + " 'example-secret'");
        assertNowhere(runId, published);
    }

    @Test
    void aSecretReachesAJobsEnvironmentAndASecretGoneWhileTheJobRunsEndsTheRunAndTheJob() {
        createSecret("tools", "smoke-token", Map.of("token", token));
        // docs/analysis/job.md's metric, its container given the token as Argo users pass one: an argument
        String document = JobTemplatesTestResource.sample("docs_analysis_job.yaml")
                .replace("spec:\n  metrics:", "spec:\n  args:\n  - name: api-token\n  metrics:")
                .replace(
                        "                  image: my-image:latest\n",
                        "                  image: my-image:latest\n                  env:\n"
                                + "                  - name: API_TOKEN\n"
                                + "                    value: \"{{args.api-token}}\"\n");
        AnalysisTemplate parsed =
                providers.parser().parse("docs_analysis_job.yaml", document).get(0);
        AnalysisTemplate template = new AnalysisTemplate(
                false,
                parsed.name(),
                parsed.source(),
                List.of(new Argument("api-token", null, new ValueFrom(new SecretKeyRef("smoke-token", "token"), null))),
                parsed.metrics());

        String runId = startRun("tools", "staging", template);
        await().atMost(WAIT)
                .until(() -> !client.batch()
                        .v1()
                        .jobs()
                        .inNamespace("tools")
                        .withLabel(MetricJobs.RUN_UID_LABEL, runId)
                        .list()
                        .getItems()
                        .isEmpty());
        var job = client.batch()
                .v1()
                .jobs()
                .inNamespace("tools")
                .withLabel(MetricJobs.RUN_UID_LABEL, runId)
                .list()
                .getItems()
                .get(0);
        // in the cluster, the Job holds the value (as Argo's does): that is where the test script needs it
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .singleElement()
                .satisfies(env -> assertThat(env.getValue()).isEqualTo(token));

        client.secrets().inNamespace("tools").withName("smoke-token").delete();
        ConsumerRecord<String, byte[]> published = verdictRecord(runId);
        AnalysisCompleted verdict = KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, published)
                .orElseThrow()
                .data();
        assertThat(verdict.phase()).isEqualTo(Phase.ERROR);
        assertThat(verdict.message())
                .isEqualTo("Unable to resolve metric arguments: secrets \"smoke-token\" not found in namespace tools");
        await().atMost(WAIT)
                .until(() -> client.batch()
                        .v1()
                        .jobs()
                        .inNamespace("tools")
                        .withLabel(MetricJobs.RUN_UID_LABEL, runId)
                        .list()
                        .getItems()
                        .isEmpty());
        assertNowhere(runId, published);
    }

    private void createSecret(String namespace, String name, Map<String, String> data) {
        client.secrets()
                .inNamespace(namespace)
                .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withData(data.entrySet().stream()
                                .collect(java.util.stream.Collectors.toMap(
                                        Map.Entry::getKey,
                                        e -> Base64.getEncoder()
                                                .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))))
                        .build())
                .create();
    }

    /** The sample's Secret, its data replaced by {@code data}, in {@code namespace}. */
    private void createExampleSecret(String namespace, Map<String, String> data) {
        Secret secret =
                Serialization.unmarshal(JobTemplatesTestResource.sample(SAMPLE).split("\n---\n")[1], Secret.class);
        secret.getMetadata().setNamespace(namespace);
        secret.setData(data.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey,
                        e -> Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))));
        client.secrets().inNamespace(namespace).resource(secret).create();
    }

    /**
     * The sample's AnalysisTemplate. Until the template parser reads {@code valueFrom} (another part of issue 19),
     * its argument is taken from the YAML as Argo declares it, and the rest parsed as usual.
     */
    private AnalysisTemplate exampleTemplate() {
        String document = JobTemplatesTestResource.sample(SAMPLE).split("\n---\n")[2];
        try {
            AnalysisTemplate parsed = providers.parser().parse(SAMPLE, document).get(0);
            if (parsed.args().get(0).valueFrom() != null) {
                return parsed;
            }
        } catch (InvalidTemplateException e) {
            // the parser does not read valueFrom yet
        }
        String withoutValueFrom = document.replace(
                "    valueFrom:\n      secretKeyRef:\n        name: example-secret\n        key: secretUrl\n", "");
        AnalysisTemplate parsed =
                providers.parser().parse(SAMPLE, withoutValueFrom).get(0);
        return new AnalysisTemplate(
                parsed.clusterScope(),
                parsed.name(),
                parsed.source(),
                List.of(new Argument(
                        "secret-url", null, new ValueFrom(new SecretKeyRef("example-secret", "secretUrl"), null))),
                parsed.metrics());
    }

    /** A run of the example template for {@code project}/{@code stage}, as RunStarter stores one. */
    private String startRun(String project, String stage) {
        return startRun(project, stage, exampleTemplate());
    }

    private String startRun(String project, String stage, AnalysisTemplate template) {
        String metricsJson = RunSpecs.toJson(RunSpecs.resolve(
                List.of(new AnalysisTemplateRef(template.name(), false, Map.of())), List.of(template)));
        // the run stores where the value is, never the value
        assertThat(metricsJson)
                .contains(template.args().get(0).valueFrom().secretKeyRef().name())
                .doesNotContain(token);
        String runId = "ar-" + UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("insert into analysis_run (id, promotion_id, project, stage, freight_id, phase,"
                        + " metrics_json, templates, correlation_id, created_at, started_at)"
                        + " values ($1, $2, $3, $4, 'f-1', 'Running', $5, $7, 'c0ffee', $6, $6)")
                .execute(Tuple.from(
                        List.of(runId, "p-" + UUID.randomUUID(), project, stage, metricsJson, now, template.key())))
                .await()
                .atMost(Duration.ofSeconds(10));
        pool.preparedQuery("insert into run_metric (run_id, name, position, phase, dry_run, next_at)"
                        + " values ($1, $3, 0, 'Pending', false, $2)")
                .execute(Tuple.of(runId, now, template.metrics().get(0).name()))
                .await()
                .atMost(Duration.ofSeconds(10));
        measurements.wake();
        return runId;
    }

    private ConsumerRecord<String, byte[]> verdictRecord(String runId) {
        return kafka.awaitRecords(
                        EventType.ANALYSIS_COMPLETED.topic(),
                        1,
                        r -> KafkaTestClient.decode(EventType.ANALYSIS_COMPLETED, r)
                                .map(e -> runId.equals(e.data().analysisRunId()))
                                .orElse(false),
                        WAIT)
                .get(0);
    }

    private List<String> measurementMessages(String runId) {
        List<String> messages = new java.util.ArrayList<>();
        pool.preparedQuery("select message from measurement where run_id = $1 order by id")
                .execute(Tuple.of(runId))
                .await()
                .atMost(Duration.ofSeconds(10))
                .forEach(row -> messages.add(row.getString("message")));
        return messages;
    }

    /** The token is in no row of the run, not in the published record, not in any log line. */
    private void assertNowhere(String runId, ConsumerRecord<String, byte[]> published) {
        for (String table : List.of("analysis_run where id", "run_metric where run_id", "measurement where run_id")) {
            pool.preparedQuery("select t::text as row from " + table.replace(" where", " t where") + " = $1")
                    .execute(Tuple.of(runId))
                    .await()
                    .atMost(Duration.ofSeconds(10))
                    .forEach(row -> assertThat(row.getString("row")).as(table).doesNotContain(token));
        }
        assertThat(new String(published.value(), StandardCharsets.UTF_8)).doesNotContain(token);
        published
                .headers()
                .forEach(header -> assertThat(new String(header.value(), StandardCharsets.UTF_8))
                        .doesNotContain(token));
        // the capture sees the service's own lines about this run (the measurement, the verdict), none with the token
        assertThat(logged).anyMatch(line -> line.contains(runId)).noneMatch(line -> line.contains(token));
    }
}
