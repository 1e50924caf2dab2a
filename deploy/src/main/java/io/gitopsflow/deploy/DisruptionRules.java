package io.gitopsflow.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What keeps a service up while Kubernetes moves its pods (a node drained, a cluster upgraded), which the Quarkus
 * Kubernetes extension has no setting for, so every Deployment gets the same: its pods spread across nodes (preferred,
 * so a one-node cluster still schedules them all) and a PodDisruptionBudget of {@code maxUnavailable: 1}. One pod at a
 * time may be evicted, whatever the replicas: the instance left keeps the consumer group and the durable queues going
 * (the evicted one hands its partitions over and puts its claims back on its way out), and a drain never blocks on a
 * service someone scaled to one replica, as {@code minAvailable: 1} would. A pod that is not ready (its database or
 * broker is away) may always be evicted: it does no work, and the budget must not hold a drain up during an outage.
 */
final class DisruptionRules {

    /** How many of a service's pods the budget lets be evicted at once. */
    static final int MAX_UNAVAILABLE = 1;
    /** The label that tells nodes apart, which the pods spread over. */
    static final String NODE = "kubernetes.io/hostname";

    private DisruptionRules() {}

    /** {@code documents} with every Deployment's pods spread across nodes, each followed by its budget. */
    @SuppressWarnings("unchecked")
    static List<Object> added(List<Object> documents) {
        List<Object> out = new ArrayList<>();
        for (Object document : documents) {
            out.add(document);
            if (document instanceof Map<?, ?> resource && "Deployment".equals(resource.get("kind"))) {
                Map<String, Object> deployment = (Map<String, Object>) resource;
                Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
                Map<String, Object> selector =
                        (Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
                Map<String, Object> podSpec =
                        (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
                podSpec.put("topologySpreadConstraints", List.of(spreadAcrossNodes(selector)));
                out.add(budget((Map<String, Object>) deployment.get("metadata"), selector));
            }
        }
        return out;
    }

    private static Map<String, Object> spreadAcrossNodes(Map<String, Object> selector) {
        Map<String, Object> constraint = new LinkedHashMap<>();
        constraint.put("maxSkew", 1);
        constraint.put("topologyKey", NODE);
        constraint.put("whenUnsatisfiable", "ScheduleAnyway");
        constraint.put("labelSelector", Map.of("matchLabels", new TreeMap<>(selector)));
        return constraint;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> budget(Map<String, Object> deploymentMetadata, Map<String, Object> selector) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("labels", new TreeMap<>((Map<String, Object>) deploymentMetadata.get("labels")));
        metadata.put("name", deploymentMetadata.get("name"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("maxUnavailable", MAX_UNAVAILABLE);
        spec.put("selector", Map.of("matchLabels", new TreeMap<>(selector)));
        spec.put("unhealthyPodEvictionPolicy", "AlwaysAllow");
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("apiVersion", "policy/v1");
        budget.put("kind", "PodDisruptionBudget");
        budget.put("metadata", metadata);
        budget.put("spec", spec);
        return budget;
    }
}
