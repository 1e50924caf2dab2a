package io.gitopsflow.buildworker.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsflow.buildworker.TestPushes;
import io.gitopsflow.buildworker.builder.KubernetesJobBuilder;
import io.gitopsflow.buildworker.builder.SimulatedJobController;
import io.gitopsflow.buildworker.builder.SimulatedJobController.PodEnd;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code builder: kubernetes} end to end: commit-pushed → a Kaniko Job on the Fabric8 mock server (a test plays the
 * Job controller) → image-published with the digest the Job reported, or build-failed with the executor's reason.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "build_worker"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithKubernetesTestServer(crud = true)
class KubernetesBuildIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DIGEST = "sha256:" + "5e1f".repeat(16);
    private static KafkaTestClient kafka;

    @InjectGitServer
    GitServer git;

    @Inject
    KubernetesClient client;

    @ConfigProperty(name = "gitops-flow.build.registry")
    String registry;

    private SimulatedJobController controller;

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
        // Jobs of repositories named fails-* end like a RUN that failed; the others push
        controller = new SimulatedJobController(
                client,
                client.getNamespace(),
                job -> executorArgs(job).stream().anyMatch(argument -> argument.contains("/acme/fails-"))
                        ? PodEnd.failed(
                                1, "Error", "error building image: error building stage: RUN make: exit status 2")
                        : PodEnd.pushed(DIGEST));
    }

    @AfterEach
    void stopTheJobController() {
        controller.close();
        assertThat(controller.failures()).isEmpty();
    }

    @Test
    void aDockerfileWithRunIsBuiltByAJobAndPublishedWithTheDigestTheJobReported() throws Exception {
        String name = "acme/runs-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(
                name,
                Map.of(
                        ".gitops-flow/build.yaml",
                        "builder: kubernetes\n",
                        "Dockerfile",
                        "FROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY app.txt /app/app.txt\n",
                        "app.txt",
                        "hello\n"));
        String head = git.head(name);

        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, head), head);

        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED,
                        e -> e.data().source() != null
                                && head.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(image.digest()).isEqualTo(DIGEST);
        assertThat(image.imageRepository()).isEqualTo(registry + "/" + name);
        assertThat(image.tags()).containsExactly(head, "main-" + head.substring(0, 7) + "-1");
        assertThat(image.origin()).isEqualTo(ImagePublished.Origin.BUILD_WORKER);

        Job job = jobOf(head);
        assertThat(executorArgs(job))
                .contains(
                        "--context=git://" + git.repositoryUrl(name).replaceFirst("^http://", "") + "#refs/heads/main#"
                                + head,
                        "--destination=" + registry + "/" + name + ":" + head);
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(client.getNamespace())
                        .withName(job.getMetadata().getName())
                        .get())
                .as("the Job is deleted once the build ended")
                .isNull();
    }

    @Test
    void aJobWhoseExecutorFailsEndsAsBuildFailedWithTheExecutorsReason() throws Exception {
        String name = "acme/fails-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(
                name,
                Map.of(
                        ".gitops-flow/build.yaml",
                        "builder: kubernetes\n",
                        "Dockerfile",
                        "FROM alpine:3.20\nRUN make\n"));
        String head = git.head(name);

        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, head), head);

        BuildFailed failed = kafka.awaitEvent(
                        EventType.BUILD_FAILED,
                        e -> head.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(failed.failedStep()).isEqualTo("build");
        assertThat(failed.reason())
                .contains("the executor exited with code 1 (Error)")
                .contains("RUN make: exit status 2");
    }

    private Job jobOf(String commit) {
        return controller.seen().stream()
                .filter(job -> executorArgs(job).stream().anyMatch(argument -> argument.endsWith("#" + commit)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no build Job for " + commit));
    }

    private static List<String> executorArgs(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> KubernetesJobBuilder.CONTAINER.equals(container.getName()))
                .findFirst()
                .orElseThrow()
                .getArgs();
    }
}
