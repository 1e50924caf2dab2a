package io.gitopsflow.writer.onboard;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kustomize overlays per stage: {@code apps/<name>/base/} holds a Deployment of the image, and
 * {@code apps/<name>/overlays/<stage>/kustomization.yaml} its stage's namespace and an {@code images:} entry for the
 * image repository, which promotions set ({@code kustomize edit set image}).
 */
@Singleton
public final class KustomizeLayout implements AppLayout {

    private static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";

    @Override
    public String name() {
        return "kustomize";
    }

    @Override
    public Map<String, String> files(OnboardingRequest request) {
        String folder = "apps/" + request.name();
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("apiVersion", API_VERSION);
        base.put("kind", "Kustomization");
        base.put("resources", List.of("deployment.yaml"));
        files.put(folder + "/base/kustomization.yaml", OnboardingYaml.dump(base));
        files.put(folder + "/base/deployment.yaml", OnboardingYaml.dump(deployment(request)));
        for (String stage : request.stages()) {
            Map<String, Object> overlay = new LinkedHashMap<>();
            overlay.put("apiVersion", API_VERSION);
            overlay.put("kind", "Kustomization");
            overlay.put("namespace", request.stageName(stage));
            overlay.put("resources", List.of("../../base"));
            overlay.put("images", List.of(Map.of("name", request.imageRepository())));
            files.put(overlay(request, stage), OnboardingYaml.dump(overlay));
        }
        return files;
    }

    @Override
    public Map<String, Object> applicationSource(OnboardingRequest request, String stage) {
        return Map.of("path", "apps/" + request.name() + "/overlays/" + stage);
    }

    @Override
    public Map<String, Object> pipelineTarget(OnboardingRequest request, String stage) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("path", overlay(request, stage));
        target.put("kind", "kustomize-image");
        target.put("field", request.imageRepository());
        return target;
    }

    private static String overlay(OnboardingRequest request, String stage) {
        return "apps/" + request.name() + "/overlays/" + stage + "/kustomization.yaml";
    }

    private static Map<String, Object> deployment(OnboardingRequest request) {
        Map<String, Object> labels = Map.of("app.kubernetes.io/name", request.name());
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", request.name());
        container.put("image", request.imageRepository());
        Map<String, Object> podSpec = Map.of("containers", List.of(container));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", Map.of("labels", labels));
        template.put("spec", podSpec);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", 1);
        spec.put("selector", Map.of("matchLabels", labels));
        spec.put("template", template);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", request.name());
        metadata.put("labels", labels);
        Map<String, Object> deployment = new LinkedHashMap<>();
        deployment.put("apiVersion", "apps/v1");
        deployment.put("kind", "Deployment");
        deployment.put("metadata", metadata);
        deployment.put("spec", spec);
        return deployment;
    }
}
