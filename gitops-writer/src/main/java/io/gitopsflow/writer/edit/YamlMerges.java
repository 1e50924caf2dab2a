package io.gitopsflow.writer.edit;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a mapping's keys the way go-yaml (kubectl, Helm, Kustomize, Argo CD) reads them, with YAML merge keys
 * ({@code <<: *anchor} or {@code <<: [*a, *b]}) applied: a key written in the mapping wins over a merged one, and among
 * merged mappings the first that has the key wins (merged mappings may merge in turn).
 *
 * <p>Lookups here never refuse anything: an edit first decides which nodes it wants by what the tools would read, and
 * only then checks that those nodes can be edited where their text is.
 */
final class YamlMerges {

    private YamlMerges() {}

    /** Where a key's value is: the tuple, and whether it was merged in rather than written in the mapping itself. */
    record Resolved(NodeTuple tuple, boolean inherited) {

        Node value() {
            return tuple.getValueNode();
        }
    }

    /** The tuple that defines {@code key} for {@code mapping}, or null when neither it nor a merge defines it. */
    static Resolved lookup(MappingNode mapping, String key) {
        NodeTuple own = ownTuple(mapping, key);
        if (own != null) {
            return new Resolved(own, false);
        }
        NodeTuple merged = fromMerges(mapping, key, Collections.newSetFromMap(new IdentityHashMap<>()));
        return merged == null ? null : new Resolved(merged, true);
    }

    /** The scalar value {@code key} has once merges are applied, or null when absent or not a scalar. */
    static String scalar(MappingNode mapping, String key) {
        Resolved resolved = lookup(mapping, key);
        return resolved != null && resolved.value() instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    /** Whether the mapping holds a merge key. */
    static boolean hasMerge(MappingNode mapping) {
        return mapping.getValue().stream().anyMatch(tuple -> isMergeKey(tuple.getKeyNode()));
    }

    static boolean isMergeKey(Node key) {
        return key instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.MERGE)
                        || (scalar.getValue().equals("<<") && scalar.getScalarStyle() == ScalarStyle.PLAIN));
    }

    private static NodeTuple ownTuple(MappingNode mapping, String key) {
        NodeTuple found = null;
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar
                    && !isMergeKey(scalar)
                    && scalar.getValue().equals(key)) {
                // go-yaml keeps the last of duplicate keys; editors refuse duplicates before they write.
                found = tuple;
            }
        }
        return found;
    }

    private static NodeTuple fromMerges(MappingNode mapping, String key, Set<Node> visited) {
        if (!visited.add(mapping)) {
            return null;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!isMergeKey(tuple.getKeyNode())) {
                continue;
            }
            List<Node> sources = tuple.getValueNode() instanceof SequenceNode sequence
                    ? sequence.getValue()
                    : List.of(tuple.getValueNode());
            for (Node source : sources) {
                if (source instanceof MappingNode merged) {
                    NodeTuple own = ownTuple(merged, key);
                    NodeTuple found = own != null ? own : fromMerges(merged, key, visited);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }
}
