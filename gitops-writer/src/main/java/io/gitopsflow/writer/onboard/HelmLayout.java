package io.gitopsflow.writer.onboard;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Helm values per stage, as seed 000 lays them out: {@code apps/<name>/values-<stage>.yaml} with {@code image.repository}
 * and {@code image.tag} (empty until the first promotion writes it), next to a minimal chart ({@code Chart.yaml} and
 * one Deployment template) that the team extends or replaces.
 */
@Singleton
public final class HelmLayout implements AppLayout {

    private static final String TEMPLATE = template();

    @Override
    public String name() {
        return "helm";
    }

    @Override
    public Map<String, String> files(OnboardingRequest request) {
        String folder = folder(request);
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("apiVersion", "v2");
        chart.put("name", request.name());
        chart.put("description", "The chart of " + request.name() + ", onboarded by gitops-flow");
        chart.put("type", "application");
        chart.put("version", "0.1.0");
        files.put(folder + "/Chart.yaml", OnboardingYaml.dump(chart));
        files.put(folder + "/templates/deployment.yaml", TEMPLATE);
        for (String stage : request.stages()) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("repository", request.imageRepository());
            image.put("tag", "");
            files.put(folder + "/" + valuesFile(stage), OnboardingYaml.dump(Map.of("image", image)));
        }
        return files;
    }

    @Override
    public Map<String, Object> applicationSource(OnboardingRequest request, String stage) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("path", folder(request));
        source.put("helm", Map.of("valueFiles", List.of(valuesFile(stage))));
        return source;
    }

    @Override
    public Map<String, Object> pipelineTarget(OnboardingRequest request, String stage) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("path", folder(request) + "/" + valuesFile(stage));
        target.put("kind", "helm-values");
        target.put("field", "image.tag");
        return target;
    }

    private static String folder(OnboardingRequest request) {
        return "apps/" + request.name();
    }

    private static String valuesFile(String stage) {
        return "values-" + stage + ".yaml";
    }

    private static String template() {
        try (InputStream in = Objects.requireNonNull(
                HelmLayout.class.getResourceAsStream("/onboarding/helm-deployment.yaml"),
                "onboarding/helm-deployment.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
