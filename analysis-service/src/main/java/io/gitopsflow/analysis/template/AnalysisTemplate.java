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
     */
    public record Argument(String name, String value) {}

    /** {@code ClusterAnalysisTemplate/name} or {@code AnalysisTemplate/name}. */
    public String key() {
        return key(clusterScope, name);
    }

    public static String key(boolean clusterScope, String name) {
        return (clusterScope ? "ClusterAnalysisTemplate/" : "AnalysisTemplate/") + name;
    }
}
