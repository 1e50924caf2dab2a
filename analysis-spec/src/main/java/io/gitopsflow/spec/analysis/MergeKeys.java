package io.gitopsflow.spec.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
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
 * YAML merge keys ({@code <<: *base}, {@code <<: [*a, *b]}) as kubectl reads them (go-yaml): the merged mappings'
 * entries are added where the mapping does not set the key itself, the first mapping of a list winning.
 * snakeyaml-engine reads YAML 1.2, which has no merge keys, so they are expanded here, in the node tree, before the
 * template is read; a merge of something other than a mapping is a problem with its line and column. Each node is
 * expanded once, so an alias that refers back to the mapping it is in does not loop.
 */
final class MergeKeys extends NodeReader {

    private final Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());

    MergeKeys(NodeReader file) {
        super(file);
    }

    /** The document with every merge key expanded (in place). */
    Node expand(Node node) {
        if (node == null || !done.add(node)) {
            return node;
        }
        if (node instanceof SequenceNode list) {
            list.getValue().forEach(this::expand);
        } else if (node instanceof MappingNode map) {
            map.getValue().forEach(tuple -> expand(tuple.getValueNode()));
            if (map.getValue().stream().anyMatch(tuple -> isMerge(tuple.getKeyNode()))) {
                map.setValue(merged(map));
            }
        }
        return node;
    }

    private List<NodeTuple> merged(MappingNode map) {
        List<NodeTuple> own = new ArrayList<>();
        List<MappingNode> sources = new ArrayList<>();
        for (NodeTuple tuple : map.getValue()) {
            if (!isMerge(tuple.getKeyNode())) {
                own.add(tuple);
            } else if (tuple.getValueNode() instanceof MappingNode source) {
                sources.add(source);
            } else if (tuple.getValueNode() instanceof SequenceNode list
                    && list.getValue().stream().allMatch(MappingNode.class::isInstance)) {
                list.getValue().forEach(item -> sources.add((MappingNode) item));
            } else {
                problem(tuple.getKeyNode(), "<<", "a merge key (<<) takes a mapping or a list of mappings");
            }
        }
        Set<String> keys = new HashSet<>();
        own.forEach(tuple -> keys.add(keyText(tuple)));
        List<NodeTuple> result = new ArrayList<>(own);
        for (MappingNode source : sources) {
            expand(source);
            for (NodeTuple tuple : source.getValue()) {
                if (keys.add(keyText(tuple))) {
                    result.add(tuple);
                }
            }
        }
        return result;
    }

    private static boolean isMerge(Node key) {
        return key instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.MERGE)
                        || ("<<".equals(scalar.getValue()) && scalar.getScalarStyle() == ScalarStyle.PLAIN));
    }

    private static String keyText(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode scalar
                ? scalar.getValue()
                : "\u0000" + System.identityHashCode(tuple.getKeyNode());
    }
}
