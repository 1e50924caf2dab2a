package io.gitopsflow.spec.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code spec.args}: each argument's name and default, or where its value is read when a measurement is taken
 * ({@code valueFrom.secretKeyRef} or {@code valueFrom.fieldRef}); Argo refuses an argument with both a value and a
 * {@code valueFrom} ("arg 'x' has both Value and ValueFrom fields").
 */
final class ArgumentReader extends NodeReader {

    private static final Set<String> ARG = Set.of("name", "value", "valueFrom");
    private static final Set<String> VALUE_FROM = Set.of("secretKeyRef", "fieldRef");

    ArgumentReader(NodeReader file) {
        super(file);
    }

    List<AnalysisTemplate.Argument> args(Node node) {
        List<AnalysisTemplate.Argument> args = new ArrayList<>();
        SequenceNode list = node == null ? null : sequence(node, "spec.args");
        if (list == null) {
            return args;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String path = "spec.args[" + i + "]";
            MappingNode arg = mapping(list.getValue().get(i), path);
            if (arg == null) {
                continue;
            }
            Map<String, Node> fields = fields(arg, path, ARG);
            String name = text(required(arg, fields, "name", path), path + ".name", true);
            String value = text(fields.get("value"), path + ".value", false);
            AnalysisTemplate.ValueFrom valueFrom = valueFrom(fields.get("valueFrom"), path + ".valueFrom");
            if (name != null && !seen.add(name)) {
                problem(fields.get("name"), path + ".name", "argument '" + name + "' is declared twice");
            }
            if (fields.containsKey("value") && fields.containsKey("valueFrom")) {
                problem(arg, path, "arg '" + name + "' has both Value and ValueFrom fields: set one");
            } else if (name != null) {
                args.add(new AnalysisTemplate.Argument(name, value, valueFrom));
            }
        }
        return args;
    }

    /** {@code valueFrom}: exactly one of {@code secretKeyRef {name, key}} and {@code fieldRef {fieldPath}}. */
    private AnalysisTemplate.ValueFrom valueFrom(Node node, String path) {
        MappingNode from = node == null ? null : mapping(node, path);
        if (from == null) {
            return null;
        }
        Map<String, Node> fields = fields(from, path, VALUE_FROM);
        if (fields.size() != 1) {
            problem(node, path, "must set exactly one of fieldRef, secretKeyRef");
            return null;
        }
        if (fields.containsKey("secretKeyRef")) {
            String at = path + ".secretKeyRef";
            MappingNode ref = mapping(fields.get("secretKeyRef"), at);
            if (ref == null) {
                return null;
            }
            Map<String, Node> refFields = fields(ref, at, Set.of("name", "key"));
            String secret = text(required(ref, refFields, "name", at), at + ".name", true);
            String key = text(required(ref, refFields, "key", at), at + ".key", true);
            return secret == null || key == null
                    ? null
                    : new AnalysisTemplate.ValueFrom(new AnalysisTemplate.SecretKeyRef(secret, key), null);
        }
        String at = path + ".fieldRef";
        MappingNode ref = mapping(fields.get("fieldRef"), at);
        if (ref == null) {
            return null;
        }
        Map<String, Node> refFields = fields(ref, at, Set.of("fieldPath"));
        String fieldPath = text(required(ref, refFields, "fieldPath", at), at + ".fieldPath", true);
        return fieldPath == null
                ? null
                : new AnalysisTemplate.ValueFrom(null, new AnalysisTemplate.FieldRef(fieldPath));
    }
}
