package io.gitopsflow.writer.service;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gitopsflow.events.git.RepositoryUrls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The patch that asks Argo CD to refresh and sync an Application, as {@code argocd app sync} does through Argo CD's
 * API: the Application's {@code operation} is set (the controller runs it and clears it), with the written commit as
 * {@code sync.revision}, {@code initiatedBy.username: gitops-flow} and the promotion in {@code info}. Never while an
 * operation is requested or running: that one is not overwritten. Pure, so the rules are tested without an API server.
 */
final class ArgoCdSyncOperation {

    static final String REFRESH_ANNOTATION = "argocd.argoproj.io/refresh";
    static final String INITIATED_BY = "gitops-flow";

    private ArgoCdSyncOperation() {}

    /** Why no sync may be requested on {@code application} now, or null when one may. */
    static String busy(GenericKubernetesResource application, String revision) {
        Map<String, Object> props = application.getAdditionalProperties();
        if (props.get("operation") != null) {
            return "an operation is already requested";
        }
        Map<?, ?> status = map(props.get("status"));
        Object phase = map(status.get("operationState")).get("phase");
        if ("Running".equals(phase) || "Terminating".equals(phase)) {
            return "a sync is already running";
        }
        Map<?, ?> sync = map(status.get("sync"));
        if ("Synced".equals(sync.get("status")) && revision.equals(sync.get("revision"))) {
            return "it is already synced to " + revision;
        }
        return null;
    }

    /**
     * The JSON merge patch: the refresh annotation when asked, and the sync operation when {@code sync}; the
     * resourceVersion read makes the API server refuse it (409) when the Application changed since it was read.
     */
    static Map<String, Object> patch(GenericKubernetesResource application, ArgoCdRequest request, boolean sync) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (sync && application.getMetadata().getResourceVersion() != null) {
            metadata.put("resourceVersion", application.getMetadata().getResourceVersion());
        }
        if (request.refresh()) {
            metadata.put("annotations", Map.of(REFRESH_ANNOTATION, "normal"));
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            patch.put("metadata", metadata);
        }
        if (sync) {
            patch.put("operation", operation(application, request));
        }
        return patch;
    }

    /** Argo CD's {@code Operation}: a sync to the written commit when the Application's one source is the repository. */
    static Map<String, Object> operation(GenericKubernetesResource application, ArgoCdRequest request) {
        Map<String, Object> sync = new LinkedHashMap<>();
        if (sourceIs(application, request.repositoryUrl())) {
            sync.put("revision", request.revision());
        }
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("sync", sync);
        operation.put("initiatedBy", Map.of("username", INITIATED_BY));
        operation.put("info", List.of(Map.of("name", "Reason", "value", request.reason())));
        return operation;
    }

    /**
     * Whether the Application has one source, the written repository: only then is the commit its revision (several
     * sources, or another repository, as for an app of apps: Argo CD syncs to each source's targetRevision).
     */
    private static boolean sourceIs(GenericKubernetesResource application, String repositoryUrl) {
        Map<?, ?> spec = map(application.getAdditionalProperties().get("spec"));
        Object repoUrl = map(spec.get("source")).get("repoURL");
        return spec.get("sources") == null
                && repoUrl instanceof String url
                && RepositoryUrls.sameRepository(url, repositoryUrl);
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }
}
