package io.gitopsflow.analysis.template;

import java.util.List;

/**
 * An Argo Rollouts {@code AnalysisTemplate} or {@code ClusterAnalysisTemplate}, validated.
 *
 * @param clusterScope true for a {@code ClusterAnalysisTemplate}
 * @param name {@code metadata.name}
 * @param source the file (and line) it was read from
 * @param args the declared arguments, with their defaults
 * @param metrics its metrics
 */
public record AnalysisTemplate(
        boolean clusterScope, String name, String source, List<Argument> args, List<MetricSpec> metrics) {

    /**
     * A declared argument.
     *
     * @param name referenced as {@code {{args.<name>}}}
     * @param value the default, or null when the stage must pass it
     * @param valueFrom where the value is read at measurement time instead (a Secret's key, a field), or null
     */
    public record Argument(String name, String value, ValueFrom valueFrom) {

        public Argument(String name, String value) {
            this(name, value, null);
        }
    }

    /**
     * Argo's {@code args[].valueFrom}: exactly one of the two is set. The value is read when a measurement is taken,
     * never stored with the run, a measurement or an event.
     *
     * @param secretKeyRef a key of a Secret in the namespace the run measures in
     * @param fieldRef a field of the analysed workload, e.g. {@code metadata.labels['app']}
     */
    public record ValueFrom(SecretKeyRef secretKeyRef, FieldRef fieldRef) {}

    /** {@code valueFrom.secretKeyRef}: the Secret's name and the key in its data. */
    public record SecretKeyRef(String name, String key) {}

    /** {@code valueFrom.fieldRef}: the field's path. */
    public record FieldRef(String fieldPath) {}

    /** {@code ClusterAnalysisTemplate/name} or {@code AnalysisTemplate/name}. */
    public String key() {
        return key(clusterScope, name);
    }

    public static String key(boolean clusterScope, String name) {
        return (clusterScope ? "ClusterAnalysisTemplate/" : "AnalysisTemplate/") + name;
    }
}
