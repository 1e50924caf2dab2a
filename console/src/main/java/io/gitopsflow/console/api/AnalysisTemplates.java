package io.gitopsflow.console.api;

import java.util.List;

/**
 * analysis-service's {@code GET /analysis-templates}, reduced to what the analysis chart needs: each template's
 * metrics with their conditions and the templates it includes (a run's metrics come from its templates and theirs).
 *
 * @param templates the templates analysis-service loaded
 */
public record AnalysisTemplates(List<Template> templates) {

    /** A template; {@code clusterScope} tells a ClusterAnalysisTemplate. */
    public record Template(boolean clusterScope, String name, List<MetricConditions> metrics, List<Ref> templates) {

        /** {@code ClusterAnalysisTemplate/name} or {@code AnalysisTemplate/name}, as a run lists its templates. */
        public String key() {
            return AnalysisTemplates.key(clusterScope, name);
        }
    }

    /** A metric of a template and its conditions. */
    public record MetricConditions(String name, String successCondition, String failureCondition) {}

    /** A {@code spec.templates} entry. */
    public record Ref(String templateName, boolean clusterScope) {

        public String key() {
            return AnalysisTemplates.key(clusterScope, templateName);
        }
    }

    static String key(boolean clusterScope, String name) {
        return (clusterScope ? "ClusterAnalysisTemplate/" : "AnalysisTemplate/") + name;
    }
}
