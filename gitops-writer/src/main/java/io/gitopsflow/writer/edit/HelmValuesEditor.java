package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.writer.edit.EditResult.FieldChange;
import io.gitopsflow.writer.edit.YamlEditSession.Line;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Sets a dotted path in a Helm values file ({@code image.tag}, {@code image.repository}, {@code microservice.image}),
 * creating the keys that are missing at the indentation of the mapping they join. Any artifact: a chart's version or
 * digest, or a commit's SHA, as well as an image (see {@link ValueFormats}).
 */
@Singleton
public final class HelmValuesEditor implements ManifestEditor {

    @Override
    public String name() {
        return "helm-values";
    }

    @Override
    public EditKind kind() {
        return EditKind.HELM_VALUES;
    }

    @Override
    public EditResult edit(String fileText, GitOpsTarget target, Artifact artifact) {
        return set(fileText, target.field(), ValueFormats.value(artifact, target.valueFormat()));
    }

    /** Sets {@code dottedPath} to {@code value}; both are validated first. */
    public EditResult set(String fileText, String dottedPath, String value) {
        List<String> keys = EditValues.requireDottedPath(dottedPath);
        EditValues.requireSafeValue(value);
        var session = new YamlEditSession(fileText);
        List<Node> documents = session.documents();
        if (documents.size() > 1) {
            throw new ManifestEditException(
                    "a Helm values file holds one YAML document, this one holds " + documents.size());
        }
        if (documents.isEmpty() || YamlNodes.isEmptyNull(documents.get(0))) {
            session.appendToEnd(newKeys(keys, value, session.indentStep()));
            return created(session, dottedPath, value);
        }
        if (!(documents.get(0) instanceof MappingNode mapping)) {
            throw new ManifestEditException("the top level of a Helm values file must be a mapping, this one is "
                    + YamlNodes.describe(documents.get(0)));
        }
        for (int i = 0; i < keys.size(); i++) {
            String where = String.join(".", keys.subList(0, i + 1));
            NodeTuple tuple = session.find(mapping, keys.get(i), where);
            List<String> missing = keys.subList(i, keys.size());
            if (tuple == null) {
                session.appendToMapping(mapping, newKeys(missing, value, session.indentStep()), where);
                return created(session, dottedPath, value);
            }
            Node node = session.value(tuple, where);
            if (i == keys.size() - 1) {
                if (!(node instanceof ScalarNode scalar)) {
                    throw new ManifestEditException("line " + session.line(tuple.getKeyNode()) + ": " + where
                            + " holds " + YamlNodes.describe(node) + ", not a value");
                }
                String previous = YamlScalars.valueOrNull(scalar);
                if (!session.setScalar(scalar, mapping, value, where)) {
                    return EditResult.unchanged(fileText, value);
                }
                String location = "line " + session.line(tuple.getKeyNode()) + ": " + dottedPath;
                return new EditResult(
                        session.result(), true, previous, value, List.of(new FieldChange(location, previous, value)));
            }
            if (YamlNodes.isEmptyNull(node)) {
                session.appendUnderEmptyValue(
                        tuple,
                        session.indentStep(),
                        newKeys(keys.subList(i + 1, keys.size()), value, session.indentStep()));
                return created(session, dottedPath, value);
            }
            if (!(node instanceof MappingNode child)) {
                throw new ManifestEditException("line " + session.line(tuple.getKeyNode()) + ": " + where + " holds "
                        + YamlNodes.describe(node) + ", not a mapping, so " + dottedPath + " cannot be set");
            }
            mapping = child;
        }
        throw new IllegalStateException("unreachable");
    }

    /** {@code a:} / {@code   b:} / {@code     c: value}, each key one step deeper. */
    private static List<Line> newKeys(List<String> keys, String value, int step) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            boolean last = i == keys.size() - 1;
            lines.add(new Line(i * step, keys.get(i) + ":" + (last ? " " + YamlScalars.renderNew(value) : "")));
        }
        return lines;
    }

    private static EditResult created(YamlEditSession session, String dottedPath, String value) {
        String location = dottedPath + " (created)";
        return new EditResult(session.result(), true, null, value, List.of(new FieldChange(location, null, value)));
    }
}
