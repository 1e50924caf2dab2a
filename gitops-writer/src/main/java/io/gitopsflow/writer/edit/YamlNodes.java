package io.gitopsflow.writer.edit;

import io.gitopsflow.events.validation.InvalidNameException;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** What a composed YAML node is, in the words an edit's error message uses. */
final class YamlNodes {

    private YamlNodes() {}

    /** Whether the node is an empty value ({@code key:} with nothing after it), which an edit may fill. */
    static boolean isEmptyNull(Node node) {
        return node instanceof ScalarNode scalar
                && scalar.getScalarStyle() == ScalarStyle.PLAIN
                && scalar.getValue().isEmpty()
                && scalar.getTag().getValue().endsWith(":null");
    }

    /** "the value 'x'", "a mapping", "a flow-style sequence". */
    static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return "the value " + InvalidNameException.quote(scalar.getValue());
        }
        String flow = ((CollectionNode<?>) node).getFlowStyle() == FlowStyle.FLOW ? "flow-style " : "";
        return "a " + flow + (node instanceof MappingNode ? "mapping" : "sequence");
    }
}
