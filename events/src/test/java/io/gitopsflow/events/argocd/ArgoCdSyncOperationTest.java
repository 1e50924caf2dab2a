package io.gitopsflow.events.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.EventSamples;
import io.gitopsflow.events.PromotionRequested;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sync request's patch and the rule that a requested or running operation is never overwritten. */
class ArgoCdSyncOperationTest {

    private static final String REPOSITORY = "https://git.example.com/acme/gitops.git";
    private static final String COMMIT = "3f2a1b9c4d5e6f708192a3b4c5d6e7f8091a2b3c";
    private static final ArgoCdSyncOperation.Sync SYNC =
            new ArgoCdSyncOperation.Sync(REPOSITORY, COMMIT, "promotion p-1 of books-api to prod (freight f-1)");

    @Test
    void theOperationSyncsTheWrittenCommitInitiatedByGitopsFlowAndNamesThePromotion() {
        Map<String, Object> application = application(Map.of("repoURL", "https://git.example.com/acme/gitops/"));

        Map<String, Object> patch = ArgoCdSyncOperation.patch("41", application, true, SYNC);

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
    void aSyncWithoutRefreshCarriesOnlyTheResourceVersionAndTheOperation() {
        Map<String, Object> patch =
                ArgoCdSyncOperation.patch("41", application(Map.of("repoURL", REPOSITORY)), false, SYNC);

        assertThat(patch)
                .containsEntry("metadata", Map.of("resourceVersion", "41"))
                .containsKey("operation");
    }

    @Test
    void anApplicationOfAnotherRepositoryOrOfSeveralSourcesSyncsToItsTargetRevisions() {
        Map<String, Object> other = application(Map.of("repoURL", "https://git.example.com/acme/other"));

        assertThat(ArgoCdSyncOperation.operation(other, SYNC)).containsEntry("sync", Map.of());
        Map<String, Object> sources = application(Map.of());
        sources.put("spec", Map.of("sources", List.of(Map.of("repoURL", REPOSITORY))));
        assertThat(ArgoCdSyncOperation.operation(sources, SYNC)).containsEntry("sync", Map.of());
    }

    @Test
    void aRefreshAloneIsOnlyTheAnnotation() {
        assertThat(ArgoCdSyncOperation.patch("41", application(Map.of()), true, null))
                .isEqualTo(Map.of("metadata", Map.of("annotations", Map.of("argocd.argoproj.io/refresh", "normal"))));
    }

    @Test
    void noSyncIsRequestedWhileAnOperationIsRequestedOrRunningOrWhenAlreadySynced() {
        Map<String, Object> idle = application(Map.of("repoURL", REPOSITORY));
        assertThat(ArgoCdSyncOperation.busy(idle, COMMIT)).isNull();

        Map<String, Object> requested = application(Map.of("repoURL", REPOSITORY));
        requested.put("operation", Map.of("sync", Map.of("revision", "older")));
        assertThat(ArgoCdSyncOperation.busy(requested, COMMIT)).isEqualTo("an operation is already requested");

        Map<String, Object> running = application(Map.of("repoURL", REPOSITORY));
        running.put("status", Map.of("operationState", Map.of("phase", "Running")));
        assertThat(ArgoCdSyncOperation.busy(running, COMMIT)).isEqualTo("a sync is already running");

        Map<String, Object> finished = application(Map.of("repoURL", REPOSITORY));
        finished.put(
                "status",
                Map.of(
                        "operationState", Map.of("phase", "Succeeded"),
                        "sync", Map.of("status", "OutOfSync", "revision", "older")));
        assertThat(ArgoCdSyncOperation.busy(finished, COMMIT)).isNull();

        Map<String, Object> synced = application(Map.of("repoURL", REPOSITORY));
        synced.put("status", Map.of("sync", Map.of("status", "Synced", "revision", COMMIT)));
        assertThat(ArgoCdSyncOperation.busy(synced, COMMIT)).startsWith("it is already synced");
    }

    @Test
    void aSucceededSyncToTheRevisionHasReachedItBeforeTheStatusSaysSoAndAFailedOneHasNot() {
        Map<String, Object> succeeded = application(Map.of("repoURL", REPOSITORY));
        succeeded.put(
                "status",
                Map.of(
                        "operationState",
                        Map.of("phase", "Succeeded", "syncResult", Map.of("revision", COMMIT)),
                        "sync",
                        Map.of("status", "OutOfSync", "revision", "older")));
        assertThat(ArgoCdSyncOperation.reached(succeeded, COMMIT)).isTrue();

        Map<String, Object> failed = application(Map.of("repoURL", REPOSITORY));
        failed.put(
                "status",
                Map.of(
                        "operationState",
                        Map.of("phase", "Failed", "operation", Map.of("sync", Map.of("revision", COMMIT))),
                        "sync",
                        Map.of("status", "OutOfSync", "revision", COMMIT)));
        assertThat(ArgoCdSyncOperation.reached(failed, COMMIT)).isFalse();
        assertThat(ArgoCdSyncOperation.busy(failed, COMMIT)).isNull();
    }

    @Test
    void theReasonNamesThePromotionTheSameWayForEveryService() {
        PromotionRequested request = EventSamples.promotionRequested();

        assertThat(ArgoCdSyncOperation.reason(request))
                .isEqualTo("promotion " + request.promotionId() + " of " + request.project() + " to " + request.stage()
                        + " (freight " + request.freightId() + ")");
    }

    private static Map<String, Object> application(Map<String, Object> source) {
        Map<String, Object> application = new HashMap<>();
        application.put("spec", Map.of("source", source));
        return application;
    }
}
