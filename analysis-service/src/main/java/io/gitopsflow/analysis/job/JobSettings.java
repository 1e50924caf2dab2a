package io.gitopsflow.analysis.job;

import io.gitopsflow.analysis.provider.MetricProvider.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
            }
        }
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
