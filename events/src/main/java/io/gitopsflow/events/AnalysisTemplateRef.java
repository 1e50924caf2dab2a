package io.gitopsflow.events;

import io.gitopsflow.events.validation.ResourceNames;
import java.util.Map;

/**
 * An Argo Rollouts AnalysisTemplate a stage is verified with, and the arguments passed to it.
 *
 * @param name the template's name
 * @param clusterScope true for a {@code ClusterAnalysisTemplate}
 * @param args argument values by name
 */
public record AnalysisTemplateRef(String name, boolean clusterScope, Map<String, String> args) {

    public AnalysisTemplateRef {
        ResourceNames.requireDnsLabel("analysis template name", Require.text(name, "name"));
        args = args == null ? Map.of() : Map.copyOf(args);
    }
}
