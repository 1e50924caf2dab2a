package io.gitopsflow.spec.analysis.provider;

import io.gitopsflow.spec.analysis.provider.ProviderCheck.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a metric's {@code provider.job} as Argo's CRD schema does: {@code metadata} (its labels and annotations, the
 * only fields Argo copies to the Job) and a batch/v1 {@code spec} with a pod template. Fields Argo would not use are
 * problems, not ignored.
 */
public final class JobSettings {

    private static final Set<String> JOB = Set.of("metadata", "spec");
    private static final Set<String> METADATA = Set.of("labels", "annotations");
    /** batch/v1 JobSpec's fields (Kubernetes 1.33). */
    private static final Set<String> JOB_SPEC = Set.of(
            "activeDeadlineSeconds",
            "backoffLimit",
            "backoffLimitPerIndex",
            "completionMode",
            "completions",
            "managedBy",
            "manualSelector",
            "maxFailedIndexes",
            "parallelism",
            "podFailurePolicy",
            "podReplacementPolicy",
            "selector",
            "successPolicy",
            "suspend",
            "template",
            "ttlSecondsAfterFinished");

    /**
     * A Kubernetes resource quantity (apimachinery's grammar: a signed decimal, then a binary-SI, decimal-SI or
     * exponent suffix), read without the Kubernetes model so an offline check needs no client library.
     */
    private static final Pattern QUANTITY =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\\d+)?");

    private JobSettings() {}

    public static void check(Map<String, Object> config, List<Problem> problems) {
        unknown(config, JOB, "", problems);
        Object metadata = config.get("metadata");
        if (metadata != null) {
            if (metadata instanceof Map<?, ?> map) {
                unknown(map, METADATA, "metadata.", problems);
                stringMap(map.get("labels"), "metadata.labels", problems);
                stringMap(map.get("annotations"), "metadata.annotations", problems);
            } else {
                problems.add(new Problem("metadata", "must be a mapping of labels and annotations"));
            }
        }
        Object spec = config.get("spec");
        if (spec == null) {
            problems.add(new Problem("spec", "is required (a batch/v1 JobSpec)"));
        } else if (!(spec instanceof Map<?, ?> map)) {
            problems.add(new Problem("spec", "must be a batch/v1 JobSpec"));
        } else {
            unknown(map, JOB_SPEC, "spec.", problems);
            if (!(map.get("template") instanceof Map<?, ?> template)) {
                problems.add(new Problem("spec.template", "is required (the pod template)"));
            } else if (!(template.get("spec") instanceof Map<?, ?> podSpec)
                    || !(podSpec.get("containers") instanceof List<?> containers)
                    || containers.isEmpty()) {
                problems.add(new Problem("spec.template.spec.containers", "needs at least one container"));
            } else {
                quantities(podSpec, "containers", problems);
                quantities(podSpec, "initContainers", problems);
            }
        }
    }

    /**
     * Resource requests and limits must be Kubernetes quantities: the AnalysisTemplate CRD's schema refuses anything
     * else when the template is applied (Argo's e2e "malformed-analysistemplate"), so it is refused here too.
     */
    private static void quantities(Map<?, ?> podSpec, String list, List<Problem> problems) {
        if (!(podSpec.get(list) instanceof List<?> containers)) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            if (!(containers.get(i) instanceof Map<?, ?> container)
                    || !(container.get("resources") instanceof Map<?, ?> resources)) {
                continue;
            }
            for (String kind : List.of("requests", "limits")) {
                if (!(resources.get(kind) instanceof Map<?, ?> amounts)) {
                    continue;
                }
                String path = "spec.template.spec." + list + "[" + i + "].resources." + kind + ".";
                amounts.forEach((name, amount) -> {
                    String text = String.valueOf(amount);
                    if (!text.contains("{{") && !isQuantity(text)) {
                        problems.add(new Problem(path + name, "'" + text + "' is not a quantity (e.g. 64Mi, 250m)"));
                    }
                });
            }
        }
    }

    private static boolean isQuantity(String text) {
        return QUANTITY.matcher(text.trim()).matches();
    }

    private static void unknown(Map<?, ?> map, Set<String> supported, String prefix, List<Problem> problems) {
        for (Object key : map.keySet()) {
            if (!supported.contains(String.valueOf(key))) {
                problems.add(new Problem(
                        prefix + key,
                        "is not supported (supported: "
                                + String.join(", ", supported.stream().sorted().toList()) + ")"));
            }
        }
    }

    private static void stringMap(Object value, String path, List<Problem> problems) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(new Problem(path, "must be a mapping of names to text"));
            return;
        }
        map.forEach((key, child) -> {
            if (child instanceof Map<?, ?> || child instanceof List<?>) {
                problems.add(new Problem(path + "." + key, "must be text"));
            }
        });
    }
}
