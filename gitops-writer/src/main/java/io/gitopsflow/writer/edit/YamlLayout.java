package io.gitopsflow.writer.edit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** How a YAML file lays out its blocks, read from the file itself, so inserted lines look like their neighbours. */
final class YamlLayout {

    private static final int DEFAULT_INDENT_STEP = 2;
    private static final int DEFAULT_SEQUENCE_INDENT = 0;
    private static final int LAYOUT_SCAN_LIMIT = 10_000;

    private YamlLayout() {}

    /** How many spaces the file indents a nested block mapping (2 unless the file says otherwise). */
    static int indentStep(YamlEditSession session) {
        for (NodeTuple tuple : tuplesInOrder(session.documents())) {
            if (tuple.getValueNode() instanceof MappingNode child
                    && child.getFlowStyle() == FlowStyle.BLOCK
                    && session.start(child) > session.end(tuple.getKeyNode())
                    && !child.getValue().isEmpty()) {
                int step = session.column(child.getValue().get(0).getKeyNode()) - session.column(tuple.getKeyNode());
                if (step > 0) {
                    return step;
                }
            }
        }
        return DEFAULT_INDENT_STEP;
    }

    /** How far the file indents a block sequence's {@code -} under its key: 0 ({@code key:\n- a}) unless it says. */
    static int sequenceIndent(YamlEditSession session) {
        for (NodeTuple tuple : tuplesInOrder(session.documents())) {
            if (tuple.getValueNode() instanceof SequenceNode child
                    && child.getFlowStyle() == FlowStyle.BLOCK
                    && session.start(child) > session.end(tuple.getKeyNode())) {
                return Math.max(0, session.column(child) - session.column(tuple.getKeyNode()));
            }
        }
        return DEFAULT_SEQUENCE_INDENT;
    }

    /** Every mapping entry, breadth first (outer levels first), up to a bound that keeps a huge file cheap. */
    private static List<NodeTuple> tuplesInOrder(List<Node> documents) {
        List<NodeTuple> tuples = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        var queue = new ArrayDeque<Node>(documents);
        while (!queue.isEmpty() && seen.size() < LAYOUT_SCAN_LIMIT) {
            Node node = queue.removeFirst();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    tuples.add(tuple);
                    queue.add(tuple.getValueNode());
                }
            } else if (node instanceof SequenceNode sequence) {
                queue.addAll(sequence.getValue());
            }
        }
        return tuples;
    }
}
