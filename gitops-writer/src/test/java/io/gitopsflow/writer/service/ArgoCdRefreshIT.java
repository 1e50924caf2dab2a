package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * After a commit the service asks Argo CD to refresh the target's Application: the {@code argocd.argoproj.io/refresh}
 * annotation is set on the {@code argoproj.io/v1alpha1} Application in the Fabric8 mock API server (CRUD mode). A
 * missing Application does not fail the write: the commit is on the branch, Argo CD finds it at its next poll. A target
 * with {@code argoCd.sync} also gets the Application's {@code operation}, once per write and never over one that is
 * requested or running; an API that answers errors does not fail the write (the health gate requests the sync again, see promotion-service).
 */
@QuarkusTest
@TestProfile(ArgoCdRefreshIT.RefreshArgoCd.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "gitops_writer_argo_cd"))
@WithTestResource(GitServerTestResource.class)
class ArgoCdRefreshIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectGitServer
    GitServer git;

    @Inject
    KubernetesClient kubernetes;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    MeterRegistry meters;

    /** The refresh is on (the other tests run without a Kubernetes API). */
    public static class RefreshArgoCd implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gitops-flow.writer.refresh-argo-cd", "true");
        }
    }

    @Test
    void annotatesTheApplicationAfterTheCommitAndAMissingOneDoesNotFailTheWrite() {
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            ensureApplicationCrd();
            application("books-api-dev")
                    .create(new GenericKubernetesResourceBuilder()
                            .withApiVersion("argoproj.io/v1alpha1")
                            .withKind("Application")
                            .withNewMetadata()
                            .withNamespace("argocd")
                            .withName("books-api-dev")
                            .withAnnotations(Map.of("team", "books"))
                            .endMetadata()
                            .addToAdditionalProperties(
                                    "spec",
                                    Map.of(
                                            "project",
                                            "default",
                                            "source",
                                            Map.of("path", "apps/books-api", "targetRevision", "main")))
                            .build());
            String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
            git.createRepository(
                    name,
                    Map.of(
                            "apps/books-api/values.yaml", TestRequests.values("books-api"),
                            "apps/orders/values.yaml", TestRequests.values("orders")));

            PromotionRequested known = request(name, "apps/books-api/values.yaml", "argocd/books-api-dev");
            kafka.produce(EventType.PROMOTION_REQUESTED, known, known.requestId());
            ManifestUpdated answer =
                    TestRequests.awaitAnswers(kafka, List.of(known), 1, WAIT).get(known.requestId());

            assertThat(answer.status()).isEqualTo(ManifestUpdated.Status.COMMITTED);
            GenericKubernetesResource refreshed = application("books-api-dev").get();
            assertThat(refreshed.getMetadata().getAnnotations())
                    .containsEntry("argocd.argoproj.io/refresh", "normal")
                    .containsEntry("team", "books");

            PromotionRequested missing = request(name, "apps/orders/values.yaml", "argocd/orders-dev");
            kafka.produce(EventType.PROMOTION_REQUESTED, missing, missing.requestId());
            ManifestUpdated committed =
                    TestRequests.awaitAnswers(kafka, List.of(missing), 1, WAIT).get(missing.requestId());

            assertThat(committed.status()).isEqualTo(ManifestUpdated.Status.COMMITTED);
            assertThat(committed.commit()).isEqualTo(git.head(name));
            assertThat(application("orders-dev").get()).isNull();
        }
    }

    @Test
    void syncsOncePerWriteNeverOverARunningOperationAndAnApiErrorDoesNotFailTheWrite() {
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            ensureApplicationCrd();
            String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
            git.createRepository(
                    name,
                    Map.of(
                            "apps/books-api/values.yaml", TestRequests.values("books-api"),
                            "apps/authors/values.yaml", TestRequests.values("authors")));
            application("books-api-prod")
                    .create(new GenericKubernetesResourceBuilder()
                            .withApiVersion("argoproj.io/v1alpha1")
                            .withKind("Application")
                            .withNewMetadata()
                            .withNamespace("argocd")
                            .withName("books-api-prod")
                            .endMetadata()
                            .addToAdditionalProperties(
                                    "spec",
                                    Map.of("source", Map.of("repoURL", git.repositoryUrl(name), "path", "apps")))
                            .build());

            ManifestUpdated first = write(kafka, name, "apps/books-api/values.yaml", "argocd/books-api-prod", "1.5.0");
            Map<String, Object> operation = operation();
            assertThat(operation)
                    .containsEntry("sync", Map.of("revision", first.commit()))
                    .containsEntry("initiatedBy", Map.of("username", "gitops-flow"));
            assertThat(operation.get("info").toString()).contains(first.promotionId());

            // Argo CD has not run it yet: the next write leaves the requested operation alone
            ManifestUpdated second = write(kafka, name, "apps/books-api/values.yaml", "argocd/books-api-prod", "1.6.0");
            assertThat(second.commit()).isNotEqualTo(first.commit());
            assertThat(operation()).isEqualTo(operation);

            // Argo CD took it and runs it: still not overwritten
            application("books-api-prod").edit(app -> {
                app.getAdditionalProperties().remove("operation");
                app.setAdditionalProperty("status", Map.of("operationState", Map.of("phase", "Running")));
                return app;
            });
            write(kafka, name, "apps/books-api/values.yaml", "argocd/books-api-prod", "1.7.0");
            assertThat(application("books-api-prod").get().getAdditionalProperties())
                    .doesNotContainKey("operation");

            server.expect()
                    .get()
                    .withPath("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/authors-prod")
                    .andReturn(500, "etcd is down")
                    .always();
            ManifestUpdated failing = write(kafka, name, "apps/authors/values.yaml", "argocd/authors-prod", "2.0.0");
            assertThat(failing.status()).isEqualTo(ManifestUpdated.Status.COMMITTED);
            assertThat(meters.counter("gitops.writer.argocd.requests", "outcome", "failed")
                            .count())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    private ManifestUpdated write(KafkaTestClient kafka, String name, String path, String application, String tag) {
        PromotionRequested request = TestRequests.helm(
                git.repositoryUrl(name),
                path,
                "image.tag",
                "prod",
                "promo-" + UUID.randomUUID().toString().substring(0, 8),
                "freight-" + tag.replace('.', '-'),
                tag,
                GitOpsTarget.WriteMode.PUSH,
                application,
                new GitOpsTarget.ArgoCd(true, true, 5));
        kafka.produce(EventType.PROMOTION_REQUESTED, request, request.requestId());
        ManifestUpdated answer =
                TestRequests.awaitAnswers(kafka, List.of(request), 1, WAIT).get(request.requestId());
        assertThat(answer.status()).isEqualTo(ManifestUpdated.Status.COMMITTED);
        return answer;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> operation() {
        return (Map<String, Object>)
                application("books-api-prod").get().getAdditionalProperties().get("operation");
    }

    private void ensureApplicationCrd() {
        if (kubernetes
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("applications.argoproj.io")
                        .get()
                == null) {
            kubernetes
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(applicationCrd())
                    .create();
        }
    }

    private Resource<GenericKubernetesResource> application(String applicationName) {
        return kubernetes
                .genericKubernetesResources("argoproj.io/v1alpha1", "Application")
                .inNamespace("argocd")
                .withName(applicationName);
    }

    private PromotionRequested request(String name, String path, String application) {
        return TestRequests.helm(
                git.repositoryUrl(name),
                path,
                "image.tag",
                "dev",
                "promo-" + UUID.randomUUID().toString().substring(0, 8),
                "freight-1-5-0",
                "1.5.0",
                GitOpsTarget.WriteMode.PUSH,
                application);
    }

    /** Argo CD's Application CRD, so the API server knows the kind (its schema left open). */
    private static CustomResourceDefinition applicationCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("applications.argoproj.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("argoproj.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Application")
                .withListKind("ApplicationList")
                .withPlural("applications")
                .withSingular("application")
                .withShortNames("app", "apps")
                .endNames()
                .addNewVersion()
                .withName("v1alpha1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
