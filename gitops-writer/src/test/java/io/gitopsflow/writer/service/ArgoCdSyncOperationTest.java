package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sync request's patch and the rule that a requested or running operation is never overwritten. */
class ArgoCdSyncOperationTest {

    private static final String REPOSITORY = "https://git.example.com/acme/gitops.git";
    private static final String COMMIT = "3f2a1b9c4d5e6f708192a3b4c5d6e7f8091a2b3c";
    private static final ArgoCdRequest SYNC = new ArgoCdRequest(
            "argocd/books-prod",
            true,
            true,
            Duration.ofSeconds(30),
            REPOSITORY,
            COMMIT,
            "promotion p-1 of books-api to prod (freight f-1)");

    @Test
    void theOperationSyncsTheWrittenCommitInitiatedByGitopsFlowAndNamesThePromotion() {
        GenericKubernetesResource application = application(Map.of("repoURL", "https://git.example.com/acme/gitops/"));

        Map<String, Object> patch = ArgoCdSyncOperation.patch(application, SYNC, true);

        assertThat(patch)
                .containsEntry(
                        "metadata",
                        Map.of("resourceVersion", "41", "annotations", Map.of("argocd.argoproj.io/refresh", "normal")))
                .containsEntry(
                        "operation",
                        Map.of(
                                "sync",
                                Map.of("revision", COMMIT),
                                "initiatedBy",
                                Map.of("username", "gitops-flow"),
                                "info",
                                List.of(Map.of(
                                        "name",
                                        "Reason",
                                        "value",
                                        "promotion p-1 of books-api to prod (freight f-1)"))));
    }

    @Test
    void anApplicationOfAnotherRepositoryOrOfSeveralSourcesSyncsToItsTargetRevisions() {
        GenericKubernetesResource other = application(Map.of("repoURL", "https://git.example.com/acme/other"));

        assertThat(ArgoCdSyncOperation.operation(other, SYNC)).containsEntry("sync", Map.of());
        GenericKubernetesResource sources = application(Map.of());
        sources.setAdditionalProperty("spec", Map.of("sources", List.of(Map.of("repoURL", REPOSITORY))));
        assertThat(ArgoCdSyncOperation.operation(sources, SYNC)).containsEntry("sync", Map.of());
    }

    @Test
    void aRefreshAloneIsOnlyTheAnnotation() {
        ArgoCdRequest refresh = new ArgoCdRequest(
                "argocd/books-prod", true, false, Duration.ofSeconds(30), REPOSITORY, COMMIT, "promotion p-1");

        assertThat(ArgoCdSyncOperation.patch(application(Map.of()), refresh, false))
                .isEqualTo(Map.of("metadata", Map.of("annotations", Map.of("argocd.argoproj.io/refresh", "normal"))));
    }

    @Test
    void noSyncIsRequestedWhileAnOperationIsRequestedOrRunningOrWhenAlreadySynced() {
        GenericKubernetesResource idle = application(Map.of("repoURL", REPOSITORY));
        assertThat(ArgoCdSyncOperation.busy(idle, COMMIT)).isNull();

        GenericKubernetesResource requested = application(Map.of("repoURL", REPOSITORY));
        requested.setAdditionalProperty("operation", Map.of("sync", Map.of("revision", "older")));
        assertThat(ArgoCdSyncOperation.busy(requested, COMMIT)).isEqualTo("an operation is already requested");

        GenericKubernetesResource running = application(Map.of("repoURL", REPOSITORY));
        running.setAdditionalProperty("status", Map.of("operationState", Map.of("phase", "Running")));
        assertThat(ArgoCdSyncOperation.busy(running, COMMIT)).isEqualTo("a sync is already running");

        GenericKubernetesResource finished = application(Map.of("repoURL", REPOSITORY));
        finished.setAdditionalProperty(
                "status",
                Map.of(
                        "operationState", Map.of("phase", "Succeeded"),
                        "sync", Map.of("status", "OutOfSync", "revision", "older")));
        assertThat(ArgoCdSyncOperation.busy(finished, COMMIT)).isNull();

        GenericKubernetesResource synced = application(Map.of("repoURL", REPOSITORY));
        synced.setAdditionalProperty("status", Map.of("sync", Map.of("status", "Synced", "revision", COMMIT)));
        assertThat(ArgoCdSyncOperation.busy(synced, COMMIT)).startsWith("it is already synced");
    }

    private static GenericKubernetesResource application(Map<String, Object> source) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Application")
                .withNewMetadata()
                .withNamespace("argocd")
                .withName("books-prod")
                .withResourceVersion("41")
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("source", source))
                .build();
    }
}
