package io.gitopsflow.spec.analysis;

import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.condition.ConditionException;
import io.gitopsflow.spec.analysis.provider.ProviderCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the {@code spec.metrics} of a template: each metric's schedule, limits and conditions, and its provider's
 * settings as the provider checks them; every problem goes to the list of the file being read.
 */
final class MetricReader extends NodeReader {

    private static final Set<String> METRIC = Set.of(
            "name",
            "interval",
            "initialDelay",
            "count",
            "successCondition",
            "failureCondition",
            "failureLimit",
            "inconclusiveLimit",
            "consecutiveErrorLimit",
            "consecutiveSuccessLimit",
            "provider");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
    private static final Pattern ARG_PLACEHOLDER = Pattern.compile("args\\.([A-Za-z0-9_.-]+)");

    /** The metric providers by name, and the evaluator conditions are checked with. */
    record Providers(Map<String, ProviderCheck> byName, ConditionEvaluator conditions) {}

    private final Map<String, ProviderCheck> providers;
    private final ConditionEvaluator conditions;

    /** A reader adding its problems to those of {@code file}. */
    MetricReader(NodeReader file, Providers providers) {
        super(file);
        this.providers = providers.byName();
        this.conditions = providers.conditions();
    }

    /**
     * The metrics of {@code spec.metrics}, in order, each a dry run or keeping only its newest measurements when one of
     * the template's rules names it; those with problems are left out (and the problems added).
     */
    List<MetricSpec> metrics(
            Node node,
            Set<String> declaredArgs,
            List<AnalysisTemplate.MetricRule> dryRun,
            List<AnalysisTemplate.MetricRule> retention) {
        List<MetricSpec> metrics = new ArrayList<>();
        SequenceNode list = node == null ? null : sequence(node, "spec.metrics");
        if (list == null) {
            return metrics;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String path = "spec.metrics[" + i + "]";
            MappingNode metric = mapping(list.getValue().get(i), path);
            if (metric == null) {
                continue;
            }
            Map<String, Node> fields = fields(metric, path, METRIC);
            String name = text(required(metric, fields, "name", path), path + ".name", true);
            if (name != null && name.contains("{{")) {
                problem(fields.get("name"), path + ".name", "{{...}} in a metric name is not supported: name it");
                name = null;
            }
            if (name != null && !names.add(name)) {
                problem(fields.get("name"), path + ".name", "metric '" + name + "' is defined twice");
            }
            MetricSpec spec = metric(metric, fields, path, declaredArgs);
            if (name != null && spec != null) {
                String metricName = name;
                boolean dry = dryRun.stream().anyMatch(rule -> rule.matches(metricName));
                int keep = retention.stream()
                        .filter(rule -> rule.matches(metricName))
                        .reduce((first, second) -> second)
                        .map(AnalysisTemplate.MetricRule::limit)
                        .orElse(0);
                metrics.add(spec.named(name, dry, keep));
            }
        }
        return metrics;
    }

    /** One metric's schedule, conditions, limits and provider, unnamed; null when one of them has a problem. */
    private MetricSpec metric(MappingNode metric, Map<String, Node> fields, String path, Set<String> declaredArgs) {
        int before = problems.size();
        Map<String, String> unresolved = new LinkedHashMap<>();
        Duration interval = deferred(fields, "interval", path, declaredArgs, unresolved)
                ? null
                : duration(fields.get("interval"), path + ".interval");
        Duration initialDelay = deferred(fields, "initialDelay", path, declaredArgs, unresolved)
                ? null
                : duration(fields.get("initialDelay"), path + ".initialDelay");
        Integer count = deferred(fields, "count", path, declaredArgs, unresolved)
                ? null
                : integer(fields.get("count"), path + ".count", 1);
        String success = condition(fields.get("successCondition"), path + ".successCondition", declaredArgs);
        String failure = condition(fields.get("failureCondition"), path + ".failureCondition", declaredArgs);
        Limits limits = new Limits(
                whole(fields, "failureLimit", path, declaredArgs, unresolved, 0),
                whole(fields, "inconclusiveLimit", path, declaredArgs, unresolved, 0),
                whole(
                        fields,
                        "consecutiveErrorLimit",
                        path,
                        declaredArgs,
                        unresolved,
                        MetricSpec.DEFAULT_CONSECUTIVE_ERROR_LIMIT),
                whole(fields, "consecutiveSuccessLimit", path, declaredArgs, unresolved, 0));
        ProviderChoice provider =
                provider(required(metric, fields, "provider", path), path + ".provider", declaredArgs);
        if (provider == null || problems.size() > before) {
            return null;
        }
        MetricSpec spec = new MetricSpec(
                null,
                interval,
                initialDelay,
                count,
                success,
                failure,
                limits.failure(),
                limits.inconclusive(),
                limits.consecutiveError(),
                limits.consecutiveSuccess(),
                false,
                0,
                provider.name(),
                provider.config(),
                Map.of(),
                unresolved);
        if (unresolved.isEmpty()) {
            // with {{args.x}} in a field the same rules are checked when a run starts, on the resolved values
            for (MetricFields.Violation violation : MetricFields.check(spec)) {
                problem(
                        fields.getOrDefault(violation.field(), metric),
                        path + "." + violation.field(),
                        violation.message());
            }
        }
        return spec;
    }

    /** A metric's limits, Argo's defaults applied. */
    private record Limits(int failure, int inconclusive, int consecutiveError, int consecutiveSuccess) {}

    /**
     * True when the field is written with {@code {{args.x}}}: it is kept as written (in {@code unresolved}) and
     * parsed when a run starts, as Argo resolves the arguments over the whole metric before reading it.
     */
    private boolean deferred(
            Map<String, Node> fields,
            String field,
            String path,
            Set<String> declaredArgs,
            Map<String, String> unresolved) {
        if (!(fields.get(field) instanceof ScalarNode scalar)
                || !scalar.getValue().contains("{{")) {
            return false;
        }
        checkPlaceholders(scalar, path + "." + field, declaredArgs);
        unresolved.put(field, scalar.getValue());
        return true;
    }

    private int whole(
            Map<String, Node> fields,
            String field,
            String path,
            Set<String> declaredArgs,
            Map<String, String> unresolved,
            int fallback) {
        if (deferred(fields, field, path, declaredArgs, unresolved)) {
            return fallback;
        }
        Integer value = integer(fields.get(field), path + "." + field, MetricFields.minimum(field));
        return value == null ? fallback : value;
    }

    private record ProviderChoice(String name, Map<String, Object> config) {}

    private ProviderChoice provider(Node node, String path, Set<String> declaredArgs) {
        MappingNode provider = node == null ? null : mapping(node, path);
        if (provider == null) {
            return null;
        }
        if (provider.getValue().size() != 1) {
            problem(
                    node,
                    path,
                    "must name exactly one provider (" + String.join(", ", providers.keySet()) + "), found "
                            + provider.getValue().size());
            return null;
        }
        NodeTuple only = provider.getValue().get(0);
        if (!(only.getKeyNode() instanceof ScalarNode key)) {
            problem(only.getKeyNode(), path, "keys must be plain text");
            return null;
        }
        String name = key.getValue();
        ProviderCheck implementation = providers.get(name);
        if (implementation == null) {
            problem(
                    only.getKeyNode(),
                    path + "." + name,
                    "provider '" + name
                            + "' is not supported (supported: "
                            + String.join(
                                    ", ", providers.keySet().stream().sorted().toList()) + ")");
            return null;
        }
        Map<String, Node> positions = new HashMap<>();
        Map<String, ScalarNode> scalars = new HashMap<>();
        int before = problems.size();
        Object value = plain(only.getValueNode(), "", positions, scalars);
        for (int i = before; i < problems.size(); i++) {
            TemplateProblem p = problems.get(i); // plain() names the setting within the provider's
            String within = p.path().isEmpty() ? "" : "." + p.path();
            problems.set(
                    i, new TemplateProblem(p.file(), p.line(), p.column(), path + "." + name + within, p.message()));
        }
        if (!(value instanceof Map<?, ?>)) {
            problem(only.getValueNode(), path + "." + name, "must be a mapping of the provider's settings");
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) value;
        for (ProviderCheck.Problem p : implementation.validate(config)) {
            Node at = positions.getOrDefault(p.path(), only.getValueNode());
            problem(at, path + "." + name + "." + p.path(), p.message());
        }
        scalars.forEach((settingPath, scalar) ->
                checkPlaceholders(scalar, path + "." + name + "." + settingPath, declaredArgs));
        return new ProviderChoice(name, config);
    }

    private String condition(Node node, String path, Set<String> declaredArgs) {
        String text = text(node, path, false);
        if (text == null) {
            return null;
        }
        checkPlaceholders((ScalarNode) node, path, declaredArgs);
        try {
            // placeholders are resolved before evaluation; check the syntax with a stand-in value
            conditions.validate(PLACEHOLDER.matcher(text).replaceAll("0"));
        } catch (ConditionException e) {
            problem(node, path, e.getMessage());
        }
        return text.trim();
    }

    private void checkPlaceholders(ScalarNode node, String path, Set<String> declaredArgs) {
        Matcher placeholder = PLACEHOLDER.matcher(node.getValue());
        while (placeholder.find()) {
            Matcher arg = ARG_PLACEHOLDER.matcher(placeholder.group(1));
            if (!arg.matches()) {
                problem(
                        node,
                        path,
                        "{{" + placeholder.group(1) + "}} is not supported: only {{args.<name>}} placeholders are");
            } else if (!declaredArgs.contains(arg.group(1))) {
                problem(node, path, "{{args." + arg.group(1) + "}} names an argument spec.args does not declare");
            }
        }
    }
}
