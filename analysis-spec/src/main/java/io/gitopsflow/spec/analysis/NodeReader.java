package io.gitopsflow.spec.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reading one file's YAML nodes as typed fields (mappings, lists, text, whole numbers, durations), each mismatch a
 * {@link TemplateProblem} with the file, line and column where it is written: the part of reading a template that knows
 * nothing about AnalysisTemplates.
 */
class NodeReader {

    final String file;
    final List<TemplateProblem> problems;

    NodeReader(String file) {
        this.file = file;
        this.problems = new ArrayList<>();
    }

    /** A reader of the same file, adding to the same problems. */
    NodeReader(NodeReader same) {
        this.file = same.file;
        this.problems = same.problems;
    }

    Map<String, Node> fields(MappingNode node, String path, Set<String> supported) {
        return fields(node, path, supported, Map.of());
    }

    Map<String, Node> fields(
            MappingNode node, String path, Set<String> supported, Map<String, String> knownUnsupported) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problem(tuple.getKeyNode(), path, "keys must be plain text");
                continue;
            }
            String field = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            if (knownUnsupported.containsKey(key.getValue())) {
                problem(key, field, knownUnsupported.get(key.getValue()));
            } else if (!supported.contains(key.getValue())) {
                problem(
                        key,
                        field,
                        "is not supported (supported here: "
                                + String.join(", ", supported.stream().sorted().toList()) + ")");
            } else if (fields.put(key.getValue(), tuple.getValueNode()) != null) {
                problem(key, field, "is set twice");
            }
        }
        return fields;
    }

    Node required(Node parent, Map<String, Node> fields, String key, String path) {
        Node node = fields.get(key);
        if (node == null) {
            problem(parent, path.isEmpty() ? key : path + "." + key, "is required");
        }
        return node;
    }

    MappingNode mapping(Node node, String path) {
        if (node == null) {
            return null;
        }
        if (node instanceof MappingNode map) {
            return map;
        }
        problem(node, path, "must be a mapping");
        return null;
    }

    SequenceNode sequence(Node node, String path) {
        if (node instanceof SequenceNode list) {
            return list;
        }
        problem(node, path, "must be a list");
        return null;
    }

    String text(Node node, String path, boolean required) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
            problem(node, path, "must be text");
            return null;
        }
        String value = scalar.getValue();
        if (required && value.isBlank()) {
            problem(node, path, "must not be empty");
            return null;
        }
        return value;
    }

    Integer integer(Node node, String path, int minimum) {
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            try {
                int value = Integer.parseInt(scalar.getValue().trim());
                if (value < minimum) {
                    problem(node, path, "must be at least " + minimum + ", not " + value);
                    return null;
                }
                return value;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(
                node,
                path,
                "must be a whole number"
                        + (node instanceof ScalarNode s && s.getValue().contains("{{")
                                ? " (placeholders are not supported in numeric fields)"
                                : ""));
        return null;
    }

    Duration duration(Node node, String path) {
        String text = text(node, path, true);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Durations.parse(text);
            if (duration.isZero()) {
                problem(node, path, "must be above zero");
                return null;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return null;
        }
    }

    void problem(Node node, String path, String message) {
        int line = line(node);
        int column = node == null
                ? 0
                : node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
        problems.add(new TemplateProblem(file, line, column, path, message));
    }

    /**
     * A YAML node as plain Java values (map, list, text, number, boolean, null), remembering each path; a key set twice,
     * a key that is not text, or an alias to a mapping or list that contains it is a problem (and left out).
     */
    Object plain(Node node, String path, Map<String, Node> positions, Map<String, ScalarNode> scalars) {
        return plain(node, path, positions, scalars, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private Object plain(
            Node node, String path, Map<String, Node> positions, Map<String, ScalarNode> scalars, Set<Node> open) {
        if (!path.isEmpty()) {
            positions.putIfAbsent(path, node); // a mapping's key is where the setting is written
        }
        if ((node instanceof MappingNode || node instanceof SequenceNode) && !open.add(node)) {
            // the alias has no node of its own: report it where its key is written
            problem(
                    positions.getOrDefault(path, node),
                    path,
                    "refers to a mapping or list that contains it (a" + " recursive alias)");
            return null;
        }
        try {
            if (node instanceof MappingNode map) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (NodeTuple tuple : map.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        problem(tuple.getKeyNode(), path, "keys must be plain text");
                        continue;
                    }
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    if (values.containsKey(key.getValue())) {
                        problem(key, child, "is set twice");
                        continue;
                    }
                    positions.put(child, key);
                    values.put(key.getValue(), plain(tuple.getValueNode(), child, positions, scalars, open));
                }
                return values;
            }
            if (node instanceof SequenceNode list) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < list.getValue().size(); i++) {
                    values.add(plain(list.getValue().get(i), path + "[" + i + "]", positions, scalars, open));
                }
                return values;
            }
        } finally {
            open.remove(node);
        }
        ScalarNode scalar = (ScalarNode) node;
        scalars.put(path, scalar);
        Tag tag = scalar.getTag();
        try {
            if (tag.equals(Tag.NULL)) {
                return null;
            } else if (tag.equals(Tag.BOOL)) {
                return Boolean.parseBoolean(scalar.getValue().toLowerCase());
            } else if (tag.equals(Tag.INT)) {
                return Long.parseLong(scalar.getValue());
            } else if (tag.equals(Tag.FLOAT)) {
                return Double.parseDouble(scalar.getValue());
            }
        } catch (NumberFormatException e) {
            return scalar.getValue();
        }
        return scalar.getValue();
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
