package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.validation.ResourceNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads values out of one file's YAML nodes and collects every error at the node's own line and column, so the
 * parsers go on after an error and a user fixes a file in one go rather than error by error. A value in error reads
 * as null.
 */
final class YamlNodes {

    private final String file;
    private final List<PipelineError> errors = new ArrayList<>();

    YamlNodes(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    List<PipelineError> errors() {
        return errors;
    }

    /** The mapping's fields by name; a field not {@code allowed} (null: any) is an error. */
    Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mappingNode)) {
            error(node, what + " must be a mapping");
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mappingNode.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                error(tuple.getKeyNode(), what + " keys must be plain names");
                continue;
            }
            if (allowed != null && !allowed.contains(key.getValue())) {
                error(
                        key,
                        "unknown field '" + key.getValue() + "' in " + what + " (known: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")");
                continue;
            }
            fields.put(key.getValue(), tuple.getValueNode());
        }
        return fields;
    }

    List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode sequenceNode)) {
            error(node, what + " must be a list");
            return null;
        }
        return sequenceNode.getValue();
    }

    /** The items of a list node (none when it is no list); an empty list is the error {@code emptyError}. */
    List<Node> items(Node node, String what, String emptyError) {
        List<Node> items = sequence(node, what);
        if (items != null && items.isEmpty()) {
            error(node, emptyError);
        }
        return items == null ? List.of() : items;
    }

    Node required(Map<String, Node> fields, Node parent, String key) {
        Node value = fields.get(key);
        if (value == null) {
            error(parent, "'" + key + "' is missing");
        }
        return value;
    }

    String text(Map<String, Node> fields, Node parent, String key, boolean required) {
        Node value = required ? required(fields, parent, key) : fields.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
            error(value, "'" + key + "' must be a non-empty plain value");
            return null;
        }
        return scalar.getValue();
    }

    /** The plain value under {@code key} converted; an {@link IllegalArgumentException} is the error's message. */
    <T> T checked(Map<String, Node> fields, Node parent, String key, boolean required, Function<String, T> convert) {
        String value = text(fields, parent, key, required);
        if (value == null) {
            return null;
        }
        try {
            return convert.apply(value);
        } catch (IllegalArgumentException e) {
            error(fields.get(key), e.getMessage());
            return null;
        }
    }

    String dnsLabel(Map<String, Node> fields, Node parent, String key, String what, boolean required) {
        return checked(fields, parent, key, required, value -> {
            ResourceNames.requireDnsLabel(what, value);
            return value;
        });
    }

    Boolean bool(Map<String, Node> fields, String key) {
        Node value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof ScalarNode scalar
                && (scalar.getValue().equals("true") || scalar.getValue().equals("false"))) {
            return Boolean.parseBoolean(scalar.getValue());
        }
        error(value, "'" + key + "' must be true or false");
        return null;
    }

    /** One plain value or a list of them. */
    List<String> strings(Map<String, Node> fields, String key) {
        Node value = fields.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof ScalarNode scalar) {
            return List.of(scalar.getValue());
        }
        List<Node> items = sequence(value, key);
        List<String> result = new ArrayList<>();
        for (Node item : items == null ? List.<Node>of() : items) {
            if (item instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
                result.add(scalar.getValue());
            } else {
                error(item, key + " must list plain values");
            }
        }
        return result;
    }

    void onlyFor(Map<String, Node> fields, String key, String strategy) {
        if (fields.containsKey(key)) {
            error(fields.get(key), "'" + key + "' applies only to strategy " + strategy);
        }
    }

    void error(Node node, String message) {
        error(node == null ? Optional.empty() : node.getStartMark(), message);
    }

    void error(Optional<Mark> mark, String message) {
        errors.add(new PipelineError(
                file,
                mark.map(m -> m.getLine() + 1).orElse(0),
                mark.map(m -> m.getColumn() + 1).orElse(0),
                message));
    }
}
