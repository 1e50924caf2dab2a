package io.gitopsflow.writer.edit;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.validation.InvalidNameException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Sets the {@code version} of one {@code dependencies:} entry of a Helm {@code Chart.yaml} (an umbrella chart that
 * pulls the promoted chart), the entry whose {@code name} the field gives. Only a chart is written, and only into the
 * entry of that chart: its name must be the chart's, and an OCI {@code repository} must be the chart's registry path.
 */
@Singleton
public final class HelmChartDependencyEditor implements ManifestEditor {

    @Override
    public String name() {
        return "helm-chart-dependency";
    }

    @Override
    public EditKind kind() {
        return EditKind.HELM_CHART_DEPENDENCY;
    }

    @Override
    public EditResult edit(String fileText, GitOpsTarget target, Artifact artifact) {
        if (!(artifact instanceof Artifact.Chart promoted)) {
            throw new ManifestEditException(name() + " writes a chart version, but this request promotes a "
                    + artifact.kindName() + " (" + artifact.description() + ")");
        }
        if (target.valueFormat() != ValueFormat.TAG) {
            throw new ManifestEditException("a Chart.yaml dependency holds a chart's version: use the value format tag,"
                    + " not " + ValueFormats.name(target.valueFormat()));
        }
        ChartRef chart = promoted.chart();
        String name = EditValues.requireChartName(target.field());
        if (!name.equals(chart.name())) {
            throw new ManifestEditException("the dependency " + quote(name) + " is not the promoted chart "
                    + quote(chart.name()) + " (" + chart.repository() + ")");
        }
        String version = EditValues.requireSafeValue(chart.version());
        var session = new YamlEditSession(fileText);
        MappingNode dependency = dependency(session, name);
        requireChartsRepository(session, dependency, name, chart);
        return YamlFields.set(session, dependency, "dependencies[" + name + "]", "version", version);
    }

    private static MappingNode dependency(YamlEditSession session, String name) {
        List<Node> documents = session.documents();
        if (documents.size() != 1 || !(documents.get(0) instanceof MappingNode chartFile)) {
            throw new ManifestEditException("a Chart.yaml is one YAML mapping; this file holds " + documents.size()
                    + " document(s)" + (documents.size() == 1 ? " of " + YamlNodes.describe(documents.get(0)) : ""));
        }
        NodeTuple tuple = session.find(chartFile, "dependencies", "dependencies");
        Node dependencies = tuple == null ? null : session.value(tuple, "dependencies");
        if (!(dependencies instanceof SequenceNode sequence)) {
            throw new ManifestEditException(
                    "the Chart.yaml has no dependencies: list, so the dependency " + quote(name) + " cannot be set");
        }
        MappingNode found = null;
        List<String> names = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (item instanceof MappingNode entry) {
                String entryName = session.scalarValue(entry, "name");
                names.add(String.valueOf(entryName));
                if (name.equals(entryName)) {
                    if (found != null) {
                        throw new ManifestEditException("line " + session.line(entry) + ": two dependencies are named "
                                + quote(name) + "; gitops-flow cannot tell which one to set");
                    }
                    found = entry;
                }
            }
        }
        if (found == null) {
            throw new ManifestEditException("line " + session.line(sequence) + ": no dependency is named " + quote(name)
                    + " (dependencies: " + String.join(", ", names) + ")");
        }
        return found;
    }

    /** An OCI repository must be where the chart was published: the chart's repository without its name. */
    private static void requireChartsRepository(
            YamlEditSession session, MappingNode dependency, String name, ChartRef chart) {
        String repository = session.scalarValue(dependency, "repository");
        if (repository != null
                && !repository.isEmpty()
                && !ArgoCdTargetRevisionEditor.isRegistryPath(repository, chart)) {
            throw new ManifestEditException("line " + session.line(dependency) + ": the dependency " + quote(name)
                    + " comes from " + quote(repository) + ", not from the promoted chart's registry "
                    + quote("oci://"
                            + chart.repository().substring(0, chart.repository().lastIndexOf('/'))));
        }
    }

    private static String quote(String value) {
        return InvalidNameException.quote(value);
    }
}
