package io.gitopsflow.spec.analysis;

import io.gitopsflow.events.validation.ResourceNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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
    private static final Set<String> SPEC = Set.of("args", "metrics", "dryRun", "measurementRetention", "templates");

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
                clusterScope,
                name,
                line > 0 ? file + ":" + line : file,
                spec.args(),
                spec.metrics(),
                spec.dryRun(),
                spec.retention(),
                spec.templates());
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
    private record Spec(
            List<AnalysisTemplate.Argument> args,
            List<MetricSpec> metrics,
            List<AnalysisTemplate.MetricRule> dryRun,
            List<AnalysisTemplate.MetricRule> retention,
            List<AnalysisTemplate.TemplateRef> templates) {}

    private Spec spec(MappingNode spec) {
        if (spec == null) {
            return new Spec(List.of(), List.of(), List.of(), List.of(), List.of());
        }
        Map<String, Node> specFields = fields(spec, "spec", SPEC);
        List<AnalysisTemplate.Argument> args = new ArgumentReader(this).args(specFields.get("args"));
        Set<String> declared = new HashSet<>();
        args.forEach(arg -> declared.add(arg.name()));
        List<AnalysisTemplate.MetricRule> dryRun = rules(specFields.get("dryRun"), "spec.dryRun", false);
        List<AnalysisTemplate.MetricRule> retention =
                rules(specFields.get("measurementRetention"), "spec.measurementRetention", true);
        List<AnalysisTemplate.TemplateRef> templates = templates(specFields.get("templates"));
        Node metricsNode = templates.isEmpty() && specFields.get("templates") == null
                ? required(spec, specFields, "metrics", "spec")
                : specFields.get("metrics");
        List<MetricSpec> metrics = metricReader.metrics(metricsNode, declared, dryRun, retention);
        if (metricsNode instanceof SequenceNode list && list.getValue().isEmpty() && templates.isEmpty()) {
            problem(metricsNode, "spec.metrics", "needs at least one metric (or spec.templates to include)");
        }
        return new Spec(args, metrics, dryRun, retention, templates);
    }

    /** {@code spec.templates}: {@code [{templateName, clusterScope?}]}, the templates this one includes. */
    private List<AnalysisTemplate.TemplateRef> templates(Node node) {
        List<AnalysisTemplate.TemplateRef> refs = new ArrayList<>();
        SequenceNode list = node == null ? null : sequence(node, "spec.templates");
        if (list == null) {
            return refs;
        }
        for (int i = 0; i < list.getValue().size(); i++) {
            String path = "spec.templates[" + i + "]";
            MappingNode item = mapping(list.getValue().get(i), path);
            if (item == null) {
                continue;
            }
            Map<String, Node> fields = fields(item, path, Set.of("templateName", "clusterScope"));
            String name = text(required(item, fields, "templateName", path), path + ".templateName", true);
            Boolean clusterScope = fields.get("clusterScope") == null
                    ? Boolean.FALSE
                    : bool(fields.get("clusterScope"), path + ".clusterScope");
            if (name != null) {
                try {
                    ResourceNames.requireDnsLabel("templateName", name);
                } catch (RuntimeException e) {
                    problem(fields.get("templateName"), path + ".templateName", e.getMessage());
                    continue;
                }
            }
            if (name != null && clusterScope != null) {
                refs.add(new AnalysisTemplate.TemplateRef(name, clusterScope, line(item)));
            }
        }
        return refs;
    }

    private Boolean bool(Node node, String path) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(scalar.getValue().toLowerCase());
        }
        problem(node, path, "must be true or false");
        return null;
    }

    /**
     * {@code dryRun}/{@code measurementRetention}: {@code [{metricName, limit?}]}. Argo reads {@code metricName} as a
     * regular expression and refuses two rules with the same name.
     */
    private List<AnalysisTemplate.MetricRule> rules(Node node, String path, boolean withLimit) {
        List<AnalysisTemplate.MetricRule> rules = new ArrayList<>();
        SequenceNode list = node == null ? null : sequence(node, path);
        if (list == null) {
            return rules;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String itemPath = path + "[" + i + "]";
            MappingNode item = mapping(list.getValue().get(i), itemPath);
            if (item == null) {
                continue;
            }
            Map<String, Node> fields =
                    fields(item, itemPath, withLimit ? Set.of("metricName", "limit") : Set.of("metricName"));
            Node nameNode = required(item, fields, "metricName", itemPath);
            String name = text(nameNode, itemPath + ".metricName", true);
            Integer limit = withLimit ? integer(required(item, fields, "limit", itemPath), itemPath + ".limit", 1) : 0;
            if (name == null || limit == null) {
                continue;
            }
            if (!seen.add(name)) {
                problem(nameNode, itemPath + ".metricName", "two rules have the same metricName '" + name + "'");
            } else if (validExpression(name, nameNode, itemPath + ".metricName")) {
                rules.add(new AnalysisTemplate.MetricRule(name, limit));
            }
        }
        return rules;
    }

    private boolean validExpression(String name, Node node, String path) {
        if ("*".equals(name)) {
            return true;
        }
        try {
            Pattern.compile(name);
            return true;
        } catch (PatternSyntaxException e) {
            problem(node, path, "'" + name + "' is not a regular expression: " + e.getDescription());
            return false;
        }
    }
}
