package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.config.ClusterConfig;
import io.gitopsflow.analysis.provider.MeasurementException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kubernetes namespace a run measures in: its project's (Kargo creates verification runs in the project's
 * namespace, named after the project), unless configuration maps the project elsewhere. Checked as a DNS label before
 * any request is made with it.
 */
@ApplicationScoped
public class MeasuredNamespaces {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Map<String, String> byProject;
    private final Optional<String> everyProject;

    public MeasuredNamespaces(ClusterConfig config) {
        this.byProject = Map.copyOf(config.namespaces());
        this.everyProject = config.namespace();
    }

    /** The namespace of {@code project}'s runs; a {@link MeasurementException} when it is not a valid name. */
    public String of(String project) {
        String namespace = byProject.getOrDefault(project, everyProject.orElse(project));
        if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
            throw new MeasurementException("project '" + project + "' measures in namespace '" + namespace
                    + "', which is not a Kubernetes namespace name (a DNS label: lower-case letters, digits and '-',"
                    + " at most 63); map it with gitops-flow.analysis.kubernetes.namespaces.\"" + project + "\"");
        }
        return namespace;
    }
}
