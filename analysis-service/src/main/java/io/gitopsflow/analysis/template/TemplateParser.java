package io.gitopsflow.analysis.template;

import io.gitopsflow.analysis.condition.ConditionEvaluator;
import io.gitopsflow.analysis.condition.ConditionException;
import io.gitopsflow.analysis.provider.MetricProvider;
import io.gitopsflow.events.validation.ResourceNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads Argo Rollouts {@code AnalysisTemplate}/{@code ClusterAnalysisTemplate} YAML (one or more documents per file)
 * into {@link AnalysisTemplate}s, checking every field against what gitops-flow supports: a field it does not
 * support, a wrong type, a bad duration, a condition that does not parse, an undeclared {@code {{args.x}}} — each is
 * a {@link TemplateProblem} with file, line and column, and the file is refused as a whole.
 */
public final class TemplateParser {

    public static final String API_VERSION = "argoproj.io/v1alpha1";

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");
    private static final Set<String> SPEC = Set.of("args", "metrics", "dryRun", "measurementRetention");
    private static final Set<String> ARG = Set.of("name", "value");
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

    private final Map<String, MetricProvider> providers;
    private final ConditionEvaluator conditions;

    public TemplateParser(Map<String, MetricProvider> providers, ConditionEvaluator conditions) {
        this.providers = Map.copyOf(providers);
        this.conditions = conditions;
    }

    /** The templates of one file; {@link InvalidTemplateException} lists everything wrong in it. */
    public List<AnalysisTemplate> parse(String file, String yaml) {
        Reader reader = new Reader(file);
        List<AnalysisTemplate> templates = new ArrayList<>();
        try {
            LoadSettings settings = YamlLimits.settings(file);
            YamlLimits.checkDepth(settings, yaml);
            for (Node document : new Compose(settings).composeAllFromString(yaml)) {
                AnalysisTemplate template = reader.template(document);
                if (template != null) {
                    templates.add(template);
                }
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark();
            reader.problems.add(new TemplateProblem(
                    file,
                    mark.map(m -> m.getLine() + 1).orElse(0),
                    mark.map(m -> m.getColumn() + 1).orElse(0),
                    "",
                    "not valid YAML: " + e.getProblem()));
        } catch (RuntimeException e) {
            reader.problems.add(new TemplateProblem(file, 0, 0, "", "not valid YAML: " + e.getMessage()));
        }
        if (templates.isEmpty() && reader.problems.isEmpty()) {
            reader.problems.add(new TemplateProblem(file, 0, 0, "", "holds no AnalysisTemplate"));
        }
        if (!reader.problems.isEmpty()) {
            throw new InvalidTemplateException(reader.problems);
        }
        return templates;
    }

    /** The state of reading one file: where it is, and the problems found so far. */
    private final class Reader extends NodeReader {

        Reader(String file) {
            super(file);
        }

        AnalysisTemplate template(Node document) {
            if (document instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
                return null; // an empty document between separators
            }
            MappingNode root = mapping(document, "");
            if (root == null) {
                return null;
            }
            int before = problems.size();
            Map<String, Node> fields = fields(root, "", TOP);
            String apiVersion = text(fields.get("apiVersion"), "apiVersion", true);
            if (apiVersion != null && !API_VERSION.equals(apiVersion)) {
                problem(fields.get("apiVersion"), "apiVersion", "must be " + API_VERSION + ", not " + apiVersion);
            }
            String kind = text(fields.get("kind"), "kind", true);
            if (kind == null && fields.get("kind") == null) {
                problem(root, "kind", "is required (AnalysisTemplate or ClusterAnalysisTemplate)");
            }
            boolean clusterScope = "ClusterAnalysisTemplate".equals(kind);
            if (kind != null && !clusterScope && !"AnalysisTemplate".equals(kind)) {
                problem(fields.get("kind"), "kind", "must be AnalysisTemplate or ClusterAnalysisTemplate, not " + kind);
            }
            String name = null;
            MappingNode metadata = mapping(required(root, fields, "metadata", ""), "metadata");
            if (metadata != null) {
                Map<String, Node> meta = fields(metadata, "metadata", METADATA);
                name = text(required(metadata, meta, "name", "metadata"), "metadata.name", true);
                if (name != null) {
                    try {
                        ResourceNames.requireDnsLabel("metadata.name", name);
                    } catch (RuntimeException e) {
                        problem(meta.get("name"), "metadata.name", e.getMessage());
                    }
                }
            }
            List<AnalysisTemplate.Argument> args = new ArrayList<>();
            List<MetricSpec> metrics = new ArrayList<>();
            MappingNode spec = mapping(required(root, fields, "spec", ""), "spec");
            if (spec != null) {
                Map<String, Node> specFields = fields(spec, "spec", SPEC);
                args = args(specFields.get("args"));
                Set<String> declared = new HashSet<>();
                args.forEach(arg -> declared.add(arg.name()));
                Set<String> dryRun = metricNames(specFields.get("dryRun"), "spec.dryRun", false)
                        .keySet();
                Map<String, Integer> retention =
                        metricNames(specFields.get("measurementRetention"), "spec.measurementRetention", true);
                metrics = metrics(required(spec, specFields, "metrics", "spec"), declared, dryRun, retention);
                Set<String> names = new HashSet<>();
                metrics.forEach(metric -> names.add(metric.name()));
                checkMetricNamesExist(dryRun, names, specFields.get("dryRun"), "spec.dryRun");
                checkMetricNamesExist(
                        retention.keySet(), names, specFields.get("measurementRetention"), "spec.measurementRetention");
            }
            if (problems.size() > before) {
                return null;
            }
            int line = line(root);
            return new AnalysisTemplate(clusterScope, name, line > 0 ? file + ":" + line : file, args, metrics);
        }

        private List<AnalysisTemplate.Argument> args(Node node) {
            List<AnalysisTemplate.Argument> args = new ArrayList<>();
            if (node == null) {
                return args;
            }
            SequenceNode list = sequence(node, "spec.args");
            if (list == null) {
                return args;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.getValue().size(); i++) {
                String path = "spec.args[" + i + "]";
                Node item = list.getValue().get(i);
                MappingNode arg = mapping(item, path);
                if (arg == null) {
                    continue;
                }
                Map<String, Node> fields = fields(
                        arg,
                        path,
                        ARG,
                        Map.of(
                                "valueFrom",
                                "(secrets and field references) is not supported: pass the value from the stage"));
                String name = text(required(arg, fields, "name", path), path + ".name", true);
                String value = text(fields.get("value"), path + ".value", false);
                if (name != null && !seen.add(name)) {
                    problem(fields.get("name"), path + ".name", "argument '" + name + "' is declared twice");
                }
                if (name != null) {
                    args.add(new AnalysisTemplate.Argument(name, value));
                }
            }
            return args;
        }

        /** {@code dryRun}/{@code measurementRetention}: {@code [{metricName, limit?}]}; "*" matches every metric. */
        private Map<String, Integer> metricNames(Node node, String path, boolean withLimit) {
            Map<String, Integer> names = new LinkedHashMap<>();
            if (node == null) {
                return names;
            }
            SequenceNode list = sequence(node, path);
            if (list == null) {
                return names;
            }
            for (int i = 0; i < list.getValue().size(); i++) {
                String itemPath = path + "[" + i + "]";
                MappingNode item = mapping(list.getValue().get(i), itemPath);
                if (item == null) {
                    continue;
                }
                Map<String, Node> fields =
                        fields(item, itemPath, withLimit ? Set.of("metricName", "limit") : Set.of("metricName"));
                String name = text(required(item, fields, "metricName", itemPath), itemPath + ".metricName", true);
                Integer limit = 0;
                if (withLimit) {
                    limit = integer(required(item, fields, "limit", itemPath), itemPath + ".limit", 1);
                }
                if (name != null && limit != null) {
                    names.put(name, limit);
                }
            }
            return names;
        }

        private void checkMetricNamesExist(Set<String> referenced, Set<String> metrics, Node node, String path) {
            for (String name : referenced) {
                if (!"*".equals(name) && !metrics.contains(name)) {
                    problem(node, path, "names metric '" + name + "', which the template does not have");
                }
            }
        }

        private List<MetricSpec> metrics(
                Node node, Set<String> declaredArgs, Set<String> dryRun, Map<String, Integer> retention) {
            List<MetricSpec> metrics = new ArrayList<>();
            if (node == null) {
                return metrics;
            }
            SequenceNode list = sequence(node, "spec.metrics");
            if (list == null) {
                return metrics;
            }
            if (list.getValue().isEmpty()) {
                problem(node, "spec.metrics", "needs at least one metric");
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
                if (name != null && !names.add(name)) {
                    problem(fields.get("name"), path + ".name", "metric '" + name + "' is defined twice");
                }
                Duration interval = duration(fields.get("interval"), path + ".interval");
                Duration initialDelay = duration(fields.get("initialDelay"), path + ".initialDelay");
                Integer count = integer(fields.get("count"), path + ".count", 1);
                String success = condition(fields.get("successCondition"), path + ".successCondition", declaredArgs);
                String failure = condition(fields.get("failureCondition"), path + ".failureCondition", declaredArgs);
                Integer failureLimit = orDefault(integer(fields.get("failureLimit"), path + ".failureLimit", -1), 0);
                Integer inconclusiveLimit =
                        orDefault(integer(fields.get("inconclusiveLimit"), path + ".inconclusiveLimit", 0), 0);
                Integer consecutiveErrorLimit = orDefault(
                        integer(fields.get("consecutiveErrorLimit"), path + ".consecutiveErrorLimit", 0),
                        MetricSpec.DEFAULT_CONSECUTIVE_ERROR_LIMIT);
                Integer consecutiveSuccessLimit = orDefault(
                        integer(fields.get("consecutiveSuccessLimit"), path + ".consecutiveSuccessLimit", 0), 0);
                if (count != null && interval == null && count > 1) {
                    problem(fields.get("count"), path + ".count", "a count above 1 needs an interval");
                }
                if (count != null && consecutiveSuccessLimit != null && consecutiveSuccessLimit > count) {
                    problem(
                            fields.get("consecutiveSuccessLimit"),
                            path + ".consecutiveSuccessLimit",
                            "(" + consecutiveSuccessLimit + ") cannot be reached within count (" + count + ")");
                }
                ProviderChoice provider =
                        provider(required(metric, fields, "provider", path), path + ".provider", declaredArgs);
                if (name == null
                        || provider == null
                        || failureLimit == null
                        || inconclusiveLimit == null
                        || consecutiveErrorLimit == null
                        || consecutiveSuccessLimit == null) {
                    continue;
                }
                boolean dry = dryRun.contains("*") || dryRun.contains(name);
                int keep = retention.getOrDefault(name, retention.getOrDefault("*", 0));
                metrics.add(new MetricSpec(
                        name,
                        interval,
                        initialDelay,
                        count,
                        success,
                        failure,
                        failureLimit,
                        inconclusiveLimit,
                        consecutiveErrorLimit,
                        consecutiveSuccessLimit,
                        dry,
                        keep,
                        provider.name(),
                        provider.config()));
            }
            return metrics;
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
            String name = ((ScalarNode) only.getKeyNode()).getValue();
            MetricProvider implementation = providers.get(name);
            if (implementation == null) {
                problem(
                        only.getKeyNode(),
                        path + "." + name,
                        "provider '" + name
                                + "' is not supported (supported: "
                                + String.join(
                                        ", ",
                                        providers.keySet().stream().sorted().toList()) + ")");
                return null;
            }
            Map<String, Node> positions = new HashMap<>();
            Map<String, ScalarNode> scalars = new HashMap<>();
            Object value = plain(only.getValueNode(), "", positions, scalars);
            if (!(value instanceof Map<?, ?>)) {
                problem(only.getValueNode(), path + "." + name, "must be a mapping of the provider's settings");
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) value;
            for (MetricProvider.Problem p : implementation.validate(config)) {
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

    private static Integer orDefault(Integer value, int fallback) {
        return value == null ? Integer.valueOf(fallback) : value;
    }
}
