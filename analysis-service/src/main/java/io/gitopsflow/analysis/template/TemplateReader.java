package io.gitopsflow.analysis.template;

import io.gitopsflow.events.validation.ResourceNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads one document of a template file: the kind, the name, the arguments and which metrics are dry runs or keep
 * only their newest measurements; the metrics themselves are the {@link MetricReader}'s. Every problem is added to the
 * file's list, with the line and column where it is written.
 */
final class TemplateReader extends NodeReader {

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");
    private static final Set<String> SPEC = Set.of("args", "metrics", "dryRun", "measurementRetention");
    private static final Set<String> ARG = Set.of("name", "value");

    private final MetricReader metricReader;

    TemplateReader(String file, MetricReader.Providers providers) {
        super(file);
        this.metricReader = new MetricReader(this, providers);
    }

    /** The template of one YAML document; null for an empty document or when it has problems. */
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
        boolean clusterScope = clusterScope(root, fields);
        String name = name(mapping(required(root, fields, "metadata", ""), "metadata"));
        Spec spec = spec(mapping(required(root, fields, "spec", ""), "spec"));
        if (problems.size() > before) {
            return null;
        }
        int line = line(root);
        return new AnalysisTemplate(
                clusterScope, name, line > 0 ? file + ":" + line : file, spec.args(), spec.metrics());
    }

    /** {@code apiVersion} and {@code kind}: true for a {@code ClusterAnalysisTemplate}. */
    private boolean clusterScope(MappingNode root, Map<String, Node> fields) {
        String apiVersion = text(fields.get("apiVersion"), "apiVersion", true);
        if (apiVersion != null && !TemplateParser.API_VERSION.equals(apiVersion)) {
            problem(
                    fields.get("apiVersion"),
                    "apiVersion",
                    "must be " + TemplateParser.API_VERSION + ", not " + apiVersion);
        }
        String kind = text(fields.get("kind"), "kind", true);
        if (kind == null && fields.get("kind") == null) {
            problem(root, "kind", "is required (AnalysisTemplate or ClusterAnalysisTemplate)");
        }
        boolean clusterScope = "ClusterAnalysisTemplate".equals(kind);
        if (kind != null && !clusterScope && !"AnalysisTemplate".equals(kind)) {
            problem(fields.get("kind"), "kind", "must be AnalysisTemplate or ClusterAnalysisTemplate, not " + kind);
        }
        return clusterScope;
    }

    /** {@code metadata.name}: a DNS label. */
    private String name(MappingNode metadata) {
        if (metadata == null) {
            return null;
        }
        Map<String, Node> meta = fields(metadata, "metadata", METADATA);
        String name = text(required(metadata, meta, "name", "metadata"), "metadata.name", true);
        if (name != null) {
            try {
                ResourceNames.requireDnsLabel("metadata.name", name);
            } catch (RuntimeException e) {
                problem(meta.get("name"), "metadata.name", e.getMessage());
            }
        }
        return name;
    }

    /** What {@code spec} declares. */
    private record Spec(List<AnalysisTemplate.Argument> args, List<MetricSpec> metrics) {}

    private Spec spec(MappingNode spec) {
        if (spec == null) {
            return new Spec(List.of(), List.of());
        }
        Map<String, Node> specFields = fields(spec, "spec", SPEC);
        List<AnalysisTemplate.Argument> args = args(specFields.get("args"));
        Set<String> declared = new HashSet<>();
        args.forEach(arg -> declared.add(arg.name()));
        Set<String> dryRun =
                metricNames(specFields.get("dryRun"), "spec.dryRun", false).keySet();
        Map<String, Integer> retention =
                metricNames(specFields.get("measurementRetention"), "spec.measurementRetention", true);
        List<MetricSpec> metrics =
                metricReader.metrics(required(spec, specFields, "metrics", "spec"), declared, dryRun, retention);
        Set<String> names = new HashSet<>();
        metrics.forEach(metric -> names.add(metric.name()));
        checkMetricNamesExist(dryRun, names, specFields.get("dryRun"), "spec.dryRun");
        checkMetricNamesExist(
                retention.keySet(), names, specFields.get("measurementRetention"), "spec.measurementRetention");
        return new Spec(args, metrics);
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
}
