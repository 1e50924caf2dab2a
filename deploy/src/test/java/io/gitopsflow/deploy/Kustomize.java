package io.gitopsflow.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code kubectl kustomize deploy} gives for the parts of kustomize {@code deploy/kustomization.yaml} uses
 * (resources, a namespace, ConfigMaps generated from env files and files without a hash suffix), so the chart is
 * checked against it where kubectl is not installed; where it is, {@code HelmChartTest} checks the two agree.
 */
final class Kustomize {

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

    private Kustomize() {}

    /** Every resource of the kustomization, by kind and name. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> build(Path folder) throws IOException {
        Map<String, Object> kustomization =
                HelmChart.map(HelmChart.load(Files.readString(folder.resolve("kustomization.yaml")))
                        .get(0));
        String namespace = (String) kustomization.get("namespace");
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String resource : (List<String>) kustomization.get("resources")) {
            HelmChart.load(Files.readString(folder.resolve(resource)))
                    .forEach(document -> resources.add(HelmChart.map(document)));
        }
        for (Object generator : (List<Object>) kustomization.getOrDefault("configMapGenerator", List.of())) {
            resources.add(configMap(folder, HelmChart.map(generator)));
        }
        Map<String, Map<String, Object>> byKey = new TreeMap<>();
        for (Map<String, Object> resource : resources) {
            namespaced(resource, namespace);
            byKey.put(key(resource), resource);
        }
        return byKey;
    }

    /** {@code Kind/name} of a resource. */
    static String key(Map<String, Object> resource) {
        return resource.get("kind") + "/"
                + HelmChart.map(resource.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> configMap(Path folder, Map<String, Object> generator) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String env : (List<String>) generator.getOrDefault("envs", List.of())) {
            data.putAll(HelmConfigMaps.entries(folder.resolve(env)));
        }
        for (String file : (List<String>) generator.getOrDefault("files", List.of())) {
            Path path = folder.resolve(file);
            data.put(path.getFileName().toString(), Files.readString(path));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", generator.get("name"));
        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        configMap.put("metadata", metadata);
        configMap.put("data", data);
        return configMap;
    }

    private static void namespaced(Map<String, Object> resource, String namespace) {
        if (!CLUSTER_SCOPED.contains(String.valueOf(resource.get("kind")))) {
            HelmChart.map(resource.get("metadata")).put("namespace", namespace);
        }
        for (Object subject : (List<?>) resource.getOrDefault("subjects", List.of())) {
            if ("ServiceAccount".equals(HelmChart.map(subject).get("kind"))) {
                HelmChart.map(subject).putIfAbsent("namespace", namespace);
            }
        }
    }
}
