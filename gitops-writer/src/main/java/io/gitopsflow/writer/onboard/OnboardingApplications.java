package io.gitopsflow.writer.onboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Argo CD Application of each stage ({@code argoproj.io/v1alpha1}): the layout's source in the GitOps repository
 * at the onboarded branch, the namespace {@code <name>-<stage>} (created by the sync), automated sync (prune, self-heal)
 * in the first stage only; later stages sync when their promotion asks Argo CD to.
 */
public final class OnboardingApplications {

    /** The namespace Argo CD reads Applications from by default. */
    public static final String NAMESPACE = "argocd";

    private OnboardingApplications() {}

    /** {@code argocd/<name>-<stage>.yaml}: where the stage's Application is written. */
    public static String path(OnboardingRequest request, String stage) {
        return "argocd/" + request.stageName(stage) + ".yaml";
    }

    /** {@code argocd/<name>-<stage>}: the Application as a pipeline target names it. */
    public static String reference(OnboardingRequest request, String stage) {
        return NAMESPACE + "/" + request.stageName(stage);
    }

    /** The stage's Application document. */
    public static Map<String, Object> application(OnboardingRequest request, AppLayout layout, String stage) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", request.stageName(stage));
        metadata.put("namespace", NAMESPACE);
        metadata.put(
                "labels", Map.of("app.kubernetes.io/name", request.name(), "app.kubernetes.io/part-of", "gitops-flow"));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repoURL", request.repositoryUrl());
        source.put("targetRevision", request.branch());
        source.putAll(layout.applicationSource(request, stage));
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("server", "https://kubernetes.default.svc");
        destination.put("namespace", request.stageName(stage));
        Map<String, Object> syncPolicy = new LinkedHashMap<>();
        if (stage.equals(request.firstStage())) {
            syncPolicy.put("automated", Map.of("prune", true, "selfHeal", true));
        }
        syncPolicy.put("syncOptions", List.of("CreateNamespace=true"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("project", "default");
        spec.put("source", source);
        spec.put("destination", destination);
        spec.put("syncPolicy", syncPolicy);
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("apiVersion", "argoproj.io/v1alpha1");
        application.put("kind", "Application");
        application.put("metadata", metadata);
        application.put("spec", spec);
        return application;
    }
}
