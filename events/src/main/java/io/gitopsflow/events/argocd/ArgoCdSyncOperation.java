package io.gitopsflow.events.argocd;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.git.RepositoryUrls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The patch that asks Argo CD to refresh and sync an Application, as {@code argocd app sync} does through Argo CD's
 * API: the Application's {@code operation} is set (the controller runs it and clears it), with the written commit as
 * {@code sync.revision}, {@code initiatedBy.username: gitops-flow} and the promotion in {@code info}. Never while an
 * operation is requested or running: that one is not overwritten. gitops-writer asks right after a commit,
 * promotion-service's health gate asks again when that request was lost or in pull-request mode, so both ask in the
 * same words. Pure, on the Application as the Kubernetes API returns it (its fields besides {@code metadata}, as plain
 * maps), so the rules are tested without an API server and no Kubernetes client is needed here.
 */
public final class ArgoCdSyncOperation {

    public static final String REFRESH_ANNOTATION = "argocd.argoproj.io/refresh";
    public static final String INITIATED_BY = "gitops-flow";

    /**
     * A sync to request.
     *
     * @param repositoryUrl the GitOps repository written: the revision is named only when the Application's source is it
     * @param revision the written commit
     * @param reason which promotion asked, for the operation's {@code info} ({@link #reason})
     */
    public record Sync(String repositoryUrl, String revision, String reason) {}

    private ArgoCdSyncOperation() {}

    /** The operation's reason for a write of {@code request}: the same whichever service asks. */
    public static String reason(PromotionRequested request) {
        return "promotion " + request.promotionId() + " of " + request.project() + " to " + request.stage()
                + " (freight " + request.freightId() + ")";
    }

    /** Why no sync to {@code revision} may be requested on {@code application} now, or null when one may. */
    public static String busy(Map<String, ?> application, String revision) {
        if (application.get("operation") != null) {
            return "an operation is already requested";
        }
        Object phase = map(map(application.get("status")).get("operationState")).get("phase");
        if ("Running".equals(phase) || "Terminating".equals(phase)) {
            return "a sync is already running";
        }
        if (reached(application, revision)) {
            return "it is already synced to " + revision;
        }
        return null;
    }

    /**
     * Whether the Application is at {@code revision}: {@code status.sync} is {@code Synced} to it, or its last
     * operation was a sync to it that succeeded (the controller updates {@code status.sync} a moment later).
     */
    public static boolean reached(Map<String, ?> application, String revision) {
        Map<?, ?> status = map(application.get("status"));
        Map<?, ?> sync = map(status.get("sync"));
        if ("Synced".equals(sync.get("status")) && revision.equals(sync.get("revision"))) {
            return true;
        }
        Map<?, ?> state = map(status.get("operationState"));
        return "Succeeded".equals(state.get("phase"))
                && (revision.equals(map(state.get("syncResult")).get("revision"))
                        || revision.equals(
                                map(map(state.get("operation")).get("sync")).get("revision")));
    }

    /**
     * The JSON merge patch: the refresh annotation when {@code refresh}, and the sync operation when {@code sync} is
     * not null; the {@code resourceVersion} read makes the API server refuse it (409) when the Application changed
     * since it was read.
     */
    public static Map<String, Object> patch(
            String resourceVersion, Map<String, ?> application, boolean refresh, Sync sync) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (sync != null && resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        if (refresh) {
            metadata.put("annotations", Map.of(REFRESH_ANNOTATION, "normal"));
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            patch.put("metadata", metadata);
        }
        if (sync != null) {
            patch.put("operation", operation(application, sync));
        }
        return patch;
    }

    /** Argo CD's {@code Operation}: a sync to the written commit when the Application's one source is the repository. */
    public static Map<String, Object> operation(Map<String, ?> application, Sync sync) {
        Map<String, Object> syncOperation = new LinkedHashMap<>();
        if (sourceIs(application, sync.repositoryUrl())) {
            syncOperation.put("revision", sync.revision());
        }
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("sync", syncOperation);
        operation.put("initiatedBy", Map.of("username", INITIATED_BY));
        operation.put("info", List.of(Map.of("name", "Reason", "value", sync.reason())));
        return operation;
    }

    /**
     * Whether the Application has one source, the written repository: only then is the commit its revision (several
     * sources, or another repository, as for an app of apps: Argo CD syncs to each source's targetRevision).
     */
    private static boolean sourceIs(Map<String, ?> application, String repositoryUrl) {
        Map<?, ?> spec = map(application.get("spec"));
        Object repoUrl = map(spec.get("source")).get("repoURL");
        return spec.get("sources") == null
                && repoUrl instanceof String url
                && RepositoryUrls.sameRepository(url, repositoryUrl);
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }
}
