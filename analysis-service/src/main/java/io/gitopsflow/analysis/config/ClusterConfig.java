package io.gitopsflow.analysis.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/**
 * Where analysis-service meets the cluster ({@code gitops-flow.analysis.kubernetes.*}): the namespace of a project's
 * runs, in which the {@code job} provider creates its Jobs and {@code valueFrom.secretKeyRef} reads its Secrets.
 */
@ConfigMapping(prefix = "gitops-flow.analysis.kubernetes")
public interface ClusterConfig {

    /**
     * The namespace of each project's runs by project name, for a project whose namespace is not named after it. Kargo
     * creates a verification's AnalysisRun in the project's namespace, which is named after the project; so is it
     * here for a project not listed.
     */
    Map<String, String> namespaces();

    /** One namespace for the runs of every project not in {@link #namespaces()}, instead of the project's name. */
    Optional<String> namespace();
}
