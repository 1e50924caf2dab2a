package io.gitopsflow.buildworker.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gitopsflow.buildworker.builder.SimulatedJobController.PodEnd;
import io.gitopsflow.buildworker.spec.BuildSpec;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.buildworker.spec.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubernetes builder against the Fabric8 mock server in CRUD mode, with a test playing the Job controller. */
@EnableKubernetesMockClient(crud = true)
class KubernetesJobBuilderTest {

    private static final String COMMIT = "3f2a1b9d8078be626f85db9ef09ed1744a58cf66";
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String REPOSITORY = "registry.example.com/acme/books-api";

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path checkout;

    @Test
    void theJobClonesTheExactCommitAndPushesEveryTagWithCredentialsOnlyFromSecretsReadableByItsOwnerOnly() {
        BuildRequest request = request(
                "https://ci-bot:s3cr3t-token@git.example.com/acme/books-api.git",
                spec("docker/Dockerfile", "services/api", Map.of("VERSION", "1.2.0")));
        // JBoss Logging sits on java.util.logging here: a JUL handler sees what the builder logs
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(KubernetesJobBuilder.class.getName());
        logger.addHandler(capture);
        try (SimulatedJobController controller =
                new SimulatedJobController(client, namespace(), job -> PodEnd.pushed(DIGEST))) {
            builder(settings(Duration.ofMinutes(30))).build(request);
            logger.removeHandler(capture);
            assertThat(logged).isNotEmpty().noneMatch(line -> line.contains("s3cr3t-token"));

            assertThat(controller.seen()).hasSize(1);
            Job job = controller.seen().get(0);
            String name = "gitops-flow-" + request.buildId();
            assertThat(job.getMetadata().getName()).isEqualTo(name);
            assertThat(job.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "gitops-flow")
                    .containsEntry("app.kubernetes.io/component", "build")
                    .containsEntry("gitops-flow.io/build-id", request.buildId());
            assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                    .containsEntry("gitops-flow.io/build-id", request.buildId());
            assertThat(job.getSpec().getBackoffLimit()).isZero();
            assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
            assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);

            PodSpec pod = job.getSpec().getTemplate().getSpec();
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getServiceAccountName()).isEqualTo("gitops-flow-builder");
            assertThat(pod.getContainers()).hasSize(1);
            Container executor = pod.getContainers().get(0);
            assertThat(executor.getName()).isEqualTo("build");
            assertThat(executor.getImage()).isEqualTo("gcr.io/kaniko-project/executor:v1.23.2");
            assertThat(executor.getArgs())
                    .containsExactly(
                            "--context=git://git.example.com/acme/books-api.git#refs/heads/main#" + COMMIT,
                            "--context-sub-path=services/api",
                            "--dockerfile=/kaniko/buildcontext/docker/Dockerfile",
                            "--destination=" + REPOSITORY + ":" + COMMIT,
                            "--destination=" + REPOSITORY + ":main-3f2a1b9-1",
                            "--digest-file=/dev/termination-log",
                            "--build-arg=VERSION=1.2.0");
            assertThat(executor.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");

            assertThat(env(executor, "GIT_PULL_METHOD").getValue()).isEqualTo("https");
            for (String[] variable : new String[][] {{"GIT_USERNAME", "username"}, {"GIT_PASSWORD", "password"}}) {
                EnvVar fromSecret = env(executor, variable[0]);
                assertThat(fromSecret.getValue()).isNull();
                assertThat(fromSecret.getValueFrom().getSecretKeyRef().getName())
                        .isEqualTo("gitops-flow-git");
                assertThat(fromSecret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(variable[1]);
            }
            assertThat(Serialization.asYaml(job)).doesNotContain("s3cr3t-token").doesNotContain("ci-bot");

            assertThat(executor.getVolumeMounts()).singleElement().satisfies(mount -> {
                assertThat(mount.getMountPath()).isEqualTo("/kaniko/.docker/");
                assertThat(mount.getReadOnly()).isTrue();
                assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
                    assertThat(volume.getName()).isEqualTo(mount.getName());
                    assertThat(volume.getSecret().getSecretName()).isEqualTo("gitops-flow-registry");
                    // 0400, not the default 0644: no other user of the pod reads the registry credentials
                    assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0400);
                    assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                        assertThat(item.getKey()).isEqualTo(".dockerconfigjson");
                        assertThat(item.getPath()).isEqualTo("config.json");
                        assertThat(item.getMode()).isEqualTo(0400);
                    });
                });
            });
            assertThat(controller.failures()).isEmpty();
        }
    }

    @Test
    void aPlainHttpRepositoryIsClonedOverHttpAndInsecureRegistriesAreAllowedWhenConfigured() {
        BuildRequest request = request("http://127.0.0.1:8181/git/acme/app.git", spec(null, null, Map.of()));
        KubernetesJobBuilder.Settings insecure = new KubernetesJobBuilder.Settings(
                null,
                "registry.local:5000/kaniko/executor:v1.23.2",
                Duration.ofSeconds(90),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ZERO,
                true);

        Job job = builder(insecure).jobFor(request);

        Container executor =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(executor.getImage()).isEqualTo("registry.local:5000/kaniko/executor:v1.23.2");
        assertThat(executor.getArgs())
                .contains(
                        "--context=git://127.0.0.1:8181/git/acme/app.git#refs/heads/main#" + COMMIT,
                        "--dockerfile=/kaniko/buildcontext/Dockerfile",
                        "--insecure",
                        "--insecure-pull")
                .noneMatch(argument -> argument.startsWith("--context-sub-path"));
        assertThat(executor.getEnv()).extracting(EnvVar::getName).containsExactly("GIT_PULL_METHOD");
        assertThat(env(executor, "GIT_PULL_METHOD").getValue()).isEqualTo("http");
        assertThat(executor.getVolumeMounts()).isEmpty();
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isNull();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(90L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isZero();
        assertThat(job.getMetadata().getNamespace()).isEqualTo(client.getNamespace());
    }

    @Test
    void aSucceededJobGivesTheDigestFromItsTerminationMessageAndIsDeletedWithItsPods() throws Exception {
        BuildRequest request = request("https://git.example.com/acme/books-api.git", spec(null, null, Map.of()));
        try (SimulatedJobController controller =
                new SimulatedJobController(client, namespace(), job -> PodEnd.pushed(DIGEST + "\n"))) {

            PushedImage image = builder(settings(Duration.ofMinutes(30))).build(request);

            assertThat(image.digest()).isEqualTo(DIGEST);
            assertThat(image.repository()).isEqualTo(REPOSITORY);
            assertThat(image.tags()).containsExactly(COMMIT, "main-3f2a1b9-1");
            assertThat(controller.failures()).isEmpty();
        }
        assertJobDeletedInTheBackground(request.buildId());
    }

    @Test
    void thePodIsFoundByTheLegacyJobNameLabelToo() {
        BuildRequest request = request("https://git.example.com/acme/books-api.git", spec(null, null, Map.of()));
        try (SimulatedJobController controller =
                new SimulatedJobController(client, namespace(), job -> PodEnd.pushed(DIGEST), List.of("job-name"))) {

            assertThat(builder(settings(Duration.ofMinutes(30))).build(request).digest())
                    .isEqualTo(DIGEST);
            assertThat(controller.failures()).isEmpty();
        }
    }

    @Test
    void aFailedJobFailsTheBuildWithTheExitCodeReasonAndMessageAndIsDeleted() throws Exception {
        BuildRequest request = request("https://git.example.com/acme/books-api.git", spec(null, null, Map.of()));
        try (SimulatedJobController controller = new SimulatedJobController(
                client,
                namespace(),
                job -> PodEnd.failed(
                        1,
                        "Error",
                        "INFO[0003] RUN make\nerror building image: error building stage: RUN make: exit status 2"))) {

            assertThatThrownBy(() -> builder(settings(Duration.ofMinutes(30))).build(request))
                    .isInstanceOf(ImageBuildException.class)
                    .hasMessageStartingWith("the build Job gitops-flow-" + request.buildId()
                            + " failed: the executor exited with code 1 (Error): ")
                    .hasMessageContaining("RUN make: exit status 2");
            assertThat(controller.failures()).isEmpty();
        }
        assertJobDeletedInTheBackground(request.buildId());
    }

    @Test
    void aJobThatOutlivesTheDeadlineFailsTheBuildNamingTheDeadlineAndIsDeleted() throws Exception {
        BuildRequest request = request("https://git.example.com/acme/books-api.git", spec(null, null, Map.of()));
        long start = System.nanoTime();

        assertThatThrownBy(() -> builder(settings(Duration.ofSeconds(1))).build(request))
                .isInstanceOf(ImageBuildException.class)
                .hasMessage("the build Job gitops-flow-" + request.buildId()
                        + " did not finish within 1s (no pod was started)");

        // the deadline ends the wait (a build without one would wait for ever); the bound is loose, since a loaded
        // machine stretches the mock server's answers, and speed is the benchmarks' business
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertJobDeletedInTheBackground(request.buildId());
    }

    @Test
    void aTerminationMessageThatIsNoDigestFailsTheBuild() {
        BuildRequest request = request("https://git.example.com/acme/books-api.git", spec(null, null, Map.of()));
        try (SimulatedJobController controller =
                new SimulatedJobController(client, namespace(), job -> PodEnd.pushed("sha256:not-a-digest"))) {

            assertThatThrownBy(() -> builder(settings(Duration.ofMinutes(30))).build(request))
                    .isInstanceOf(ImageBuildException.class)
                    .hasMessageContaining("succeeded but reported no image digest")
                    .hasMessageContaining("sha256:not-a-digest");
            assertThat(controller.failures()).isEmpty();
        }
        assertThat(job(request.buildId())).isNull();
    }

    @Test
    void aRedeliveredBuildFollowsItsRunningJobInsteadOfStartingASecond() {
        BuildRequest request = request("https://git.example.com/acme/books-api.git", spec(null, null, Map.of()));
        KubernetesJobBuilder builder = builder(settings(Duration.ofMinutes(30)));
        try (SimulatedJobController controller =
                new SimulatedJobController(client, namespace(), job -> PodEnd.pushed(DIGEST))) {
            // the first delivery's Job, started before the worker went away
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace())
                    .resource(builder.jobFor(request))
                    .create();

            assertThat(builder.build(request).digest()).isEqualTo(DIGEST);
            assertThat(controller.seen()).hasSize(1);
        }
        assertThat(job(request.buildId())).isNull();
    }

    @Test
    void aJobOfAnotherBuildUnderTheSameNameIsNeitherFollowedNorDeleted() {
        BuildRequest request = request("https://git.example.com/acme/books-api.git", spec(null, null, Map.of()));
        KubernetesJobBuilder builder = builder(settings(Duration.ofMinutes(30)));
        Job foreign = new JobBuilder(builder.jobFor(request))
                .editMetadata()
                .addToLabels("gitops-flow.io/build-id", "b-someone-else")
                .endMetadata()
                .build();
        client.batch().v1().jobs().inNamespace(namespace()).resource(foreign).create();

        assertThatThrownBy(() -> builder.build(request))
                .isInstanceOf(ImageBuildException.class)
                .hasMessageContaining("belongs to another build");
        assertThat(job(request.buildId())).isNotNull();
    }

    @Test
    void aRepositoryKanikoCannotCloneFailsBeforeAnyJobIsCreated() {
        KubernetesJobBuilder builder = builder(settings(Duration.ofMinutes(30)));

        assertThatThrownBy(() ->
                        builder.build(request("ssh://git@github.com/acme/books-api.git", spec(null, null, Map.of()))))
                .isInstanceOf(ImageBuildException.class)
                .hasMessage("the kubernetes builder clones over HTTP(S) only");
        assertThat(client.batch().v1().jobs().inNamespace(namespace()).list().getItems())
                .isEmpty();
    }

    @Test
    void severalPlatformsFailTheSpecBeforeAnyJobIsCreatedAndOnePlatformIsKanikosCustomPlatform() {
        KubernetesJobBuilder builder = builder(settings(Duration.ofMinutes(30)));
        BuildSpec twoPlatforms = withPlatforms(spec(null, null, Map.of()), "linux/amd64", "linux/arm64");

        assertThatThrownBy(() -> builder.build(request("https://git.example.com/acme/books-api.git", twoPlatforms)))
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessage("the kubernetes builder builds one platform per build (Kaniko's --custom-platform), not"
                        + " [linux/amd64, linux/arm64]: list one platform, or use builder: jib for a multi-platform"
                        + " image");
        assertThat(client.batch().v1().jobs().inNamespace(namespace()).list().getItems())
                .isEmpty();

        BuildSpec arm = withPlatforms(spec(null, null, Map.of()), "linux/arm/v7");
        Job job = builder.jobFor(request("https://git.example.com/acme/books-api.git", arm));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .endsWith("--custom-platform=linux/arm/v7");
        assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector())
                .as("RUN steps run on the node: one of that platform")
                .containsOnly(Map.entry("kubernetes.io/os", "linux"), Map.entry("kubernetes.io/arch", "arm"));
        Job unnamed = builder.jobFor(request("https://git.example.com/acme/books-api.git", spec(null, null, Map.of())));
        assertThat(unnamed.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs())
                .as("no platform in build.yaml: the node's, as before")
                .noneMatch(arg -> arg.startsWith("--custom-platform"));
        assertThat(unnamed.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
    }

    private static BuildSpec withPlatforms(BuildSpec spec, String... platforms) {
        return new BuildSpec(
                spec.dockerfile(),
                spec.context(),
                spec.imageRepository(),
                spec.extraTags(),
                spec.builder(),
                spec.buildArgs(),
                Arrays.stream(platforms).map(Platform::parse).toList(),
                null,
                null);
    }

    @Test
    void jobNamesAreDns1123LabelsEvenForOddBuildIds() {
        assertThat(KubernetesJobBuilder.jobName("b-1B4E28BA-2FA1-11D2-883F-0016D3CCA427"))
                .isEqualTo("gitops-flow-b-1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        assertThat(KubernetesJobBuilder.jobName("b_" + "x".repeat(60)))
                .hasSize(63)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(KubernetesJobBuilder.describe(Duration.ofMinutes(90))).isEqualTo("1h30m");
    }

    private void assertJobDeletedInTheBackground(String buildId) throws InterruptedException {
        assertThat(job(buildId)).isNull();
        List<RecordedRequest> deletes = new ArrayList<>();
        RecordedRequest recorded;
        while ((recorded = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if ("DELETE".equals(recorded.getMethod()) && recorded.getPath().contains("/jobs/gitops-flow-" + buildId)) {
                deletes.add(recorded);
            }
        }
        assertThat(deletes)
                .singleElement()
                .satisfies(delete -> assertThat(delete.getUtf8Body()).contains("\"propagationPolicy\":\"Background\""));
    }

    private Job job(String buildId) {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace())
                .withName("gitops-flow-" + buildId)
                .get();
    }

    private String namespace() {
        return client.getNamespace();
    }

    private KubernetesJobBuilder builder(KubernetesJobBuilder.Settings settings) {
        return new KubernetesJobBuilder(client, settings);
    }

    private static KubernetesJobBuilder.Settings settings(Duration deadline) {
        return new KubernetesJobBuilder.Settings(
                null,
                "gcr.io/kaniko-project/executor:v1.23.2",
                deadline,
                Optional.of("gitops-flow-git"),
                Optional.of("gitops-flow-registry"),
                Optional.of("gitops-flow-builder"),
                Duration.ofMinutes(10),
                false);
    }

    private static BuildSpec spec(String dockerfile, String context, Map<String, String> buildArgs) {
        return new BuildSpec(
                dockerfile,
                context,
                REPOSITORY,
                List.of(),
                BuildSpec.Builder.KUBERNETES,
                new LinkedHashMap<>(buildArgs));
    }

    private BuildRequest request(String cloneUrl, BuildSpec spec) {
        return new BuildRequest(
                "b-" + UUID.randomUUID(),
                cloneUrl,
                "refs/heads/main",
                COMMIT,
                checkout,
                spec,
                List.of(COMMIT, "main-3f2a1b9-1"));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(variable -> name.equals(variable.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the executor's environment"));
    }
}
