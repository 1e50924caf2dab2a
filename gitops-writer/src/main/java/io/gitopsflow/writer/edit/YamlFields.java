package io.gitopsflow.writer.edit;

import io.gitopsflow.writer.edit.EditResult.FieldChange;
import io.gitopsflow.writer.edit.YamlEditSession.Line;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The whole edit of an editor that writes one scalar field of a mapping it has found. */
final class YamlFields {

    private YamlFields() {}

    /**
     * Sets {@code key} of the block mapping {@code mapping} to the scalar {@code value}, appending {@code key: value}
     * when the key is missing.
     *
     * @param mappingWhere where the mapping is, for messages; the field is {@code mappingWhere.key}
     */
    static EditResult set(YamlEditSession session, MappingNode mapping, String mappingWhere, String key, String value) {
        String where = mappingWhere + "." + key;
        NodeTuple tuple = session.find(mapping, key, where);
        if (tuple == null) {
            session.appendToMapping(
                    mapping, List.of(new Line(0, key + ": " + YamlScalars.renderNew(value))), mappingWhere);
            String location = "line " + session.line(mapping) + ": " + where + " (created)";
            return new EditResult(session.result(), true, null, value, List.of(new FieldChange(location, null, value)));
        }
        Node node = session.value(tuple, where);
        if (!(node instanceof ScalarNode scalar)) {
            throw new ManifestEditException("line " + session.line(tuple.getKeyNode()) + ": " + where + " holds "
                    + YamlNodes.describe(node) + ", not a value");
        }
        String previous = YamlScalars.valueOrNull(scalar);
        if (!session.setScalar(scalar, mapping, value, where)) {
            return EditResult.unchanged(session.text(), value);
        }
        String location = "line " + session.line(tuple.getKeyNode()) + ": " + where;
        return new EditResult(
                session.result(), true, previous, value, List.of(new FieldChange(location, previous, value)));
    }
}
