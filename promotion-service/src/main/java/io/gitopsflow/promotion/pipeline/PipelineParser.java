package io.gitopsflow.promotion.pipeline;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.RepositoryPaths;
import io.gitopsflow.events.validation.ResourceNames;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.semver4j.RangesListFactory;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads pipeline files (one pipeline per YAML document) into {@link Pipeline}s, collecting every error with its file,
 * line and column from the YAML node marks, so a user fixes a file in one go rather than error by error.
 */
public final class PipelineParser {

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(10);
    private static final String WAREHOUSE_SOURCE = "warehouse";

    private final String file;
    private final List<PipelineError> errors = new ArrayList<>();

    private PipelineParser(String file) {
        this.file = file;
    }

    /** The pipelines of one file; throws {@link PipelineException} with every error found. */
    public static List<Pipeline> parse(String file, String content) {
        PipelineParser parser = new PipelineParser(file);
        List<Pipeline> pipelines = parser.documents(content);
        if (!parser.errors.isEmpty()) {
            throw new PipelineException(parser.errors);
        }
        return pipelines;
    }

    private List<Pipeline> documents(String content) {
        List<Pipeline> pipelines = new ArrayList<>();
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(file)
                    .setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10)
                    .build();
            for (Node document : new Compose(settings).composeAllFromString(content)) {
                pipeline(document).ifPresent(pipelines::add);
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark();
            errors.add(new PipelineError(
                    file,
                    mark.map(m -> m.getLine() + 1).orElse(0),
                    mark.map(m -> m.getColumn() + 1).orElse(0),
                    "not valid YAML: " + e.getProblem()));
        } catch (YamlEngineException e) {
            errors.add(new PipelineError(file, 0, 0, "not valid YAML: " + e.getMessage()));
        }
        if (pipelines.isEmpty() && errors.isEmpty()) {
            errors.add(new PipelineError(file, 0, 0, "holds no pipeline"));
        }
        return pipelines;
    }

    private Optional<Pipeline> pipeline(Node node) {
        Map<String, Node> fields = mapping(node, "pipeline", Set.of("name", "warehouse", "stages"));
        if (fields == null) {
            return Optional.empty();
        }
        String name = dnsLabel(fields, node, "name", "pipeline name", true);
        Node warehouseNode = required(fields, node, "warehouse");
        Warehouse warehouse = warehouseNode == null ? null : warehouse(warehouseNode, name);
        Node stagesNode = required(fields, node, "stages");
        List<Stage> stages = new ArrayList<>();
        if (stagesNode != null) {
            List<Node> items = sequence(stagesNode, "stages");
            if (items != null && items.isEmpty()) {
                error(stagesNode, "stages must list at least one stage");
            }
            Set<String> seen = new HashSet<>();
            for (Node item : items == null ? List.<Node>of() : items) {
                Stage stage = stage(item, warehouse, seen, stages.isEmpty());
                if (stage != null) {
                    stages.add(stage);
                }
            }
        }
        if (name == null || warehouse == null || stagesNode == null) {
            return Optional.empty();
        }
        return Optional.of(new Pipeline(name, file, warehouse, stages));
    }

    private Warehouse warehouse(Node node, String pipelineName) {
        Map<String, Node> fields = mapping(node, "warehouse", Set.of("name", "subscriptions"));
        if (fields == null) {
            return null;
        }
        String name =
                fields.containsKey("name") ? dnsLabel(fields, node, "name", "warehouse name", true) : pipelineName;
        Node subscriptionsNode = required(fields, node, "subscriptions");
        List<Subscription> subscriptions = new ArrayList<>();
        if (subscriptionsNode != null) {
            List<Node> items = sequence(subscriptionsNode, "subscriptions");
            if (items != null && items.isEmpty()) {
                error(subscriptionsNode, "subscriptions must list at least one image repository");
            }
            Set<String> seen = new HashSet<>();
            for (Node item : items == null ? List.<Node>of() : items) {
                Subscription subscription = subscription(item);
                if (subscription != null && !seen.add(subscription.imageRepository())) {
                    error(item, "image repository " + subscription.imageRepository() + " is subscribed twice");
                } else if (subscription != null) {
                    subscriptions.add(subscription);
                }
            }
        }
        return new Warehouse(name == null ? "invalid" : name, subscriptions);
    }

    private Subscription subscription(Node node) {
        Map<String, Node> fields = mapping(
                node,
                "subscription",
                Set.of("image", "strategy", "constraint", "prereleases", "tag", "allowTags", "ignoreTags"));
        if (fields == null) {
            return null;
        }
        String image = checked(fields, node, "image", true, value -> {
            ImageReference.requireRepository(value);
            return value;
        });
        TagStrategy strategy = fields.containsKey("strategy")
                ? checked(
                        fields,
                        node,
                        "strategy",
                        true,
                        value -> TagStrategy.fromYaml(value)
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "strategy must be semver, newest, digest or lexical, not '" + value + "'")))
                : TagStrategy.SEMVER;
        String constraint = checked(fields, node, "constraint", false, value -> {
            if (RangesListFactory.create(value).get().isEmpty()) {
                throw new IllegalArgumentException(
                        "'" + value + "' is not a semver constraint (e.g. ^1.2, >=2.0.0 <3)");
            }
            return value;
        });
        Boolean prereleases = bool(fields, "prereleases");
        String tag = checked(fields, node, "tag", false, value -> {
            ImageReference.requireTag(value);
            return value;
        });
        Pattern allowTags = checked(fields, node, "allowTags", false, value -> {
            try {
                return Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("allowTags is not a regular expression: " + e.getDescription());
            }
        });
        List<String> ignoreTags = strings(fields, "ignoreTags");
        if (strategy != null) {
            if (strategy != TagStrategy.SEMVER) {
                onlyFor(fields, "constraint", "semver");
                onlyFor(fields, "prereleases", "semver");
            }
            if (strategy == TagStrategy.DIGEST && tag == null && !fields.containsKey("tag")) {
                error(node, "strategy digest needs 'tag', the mutable tag to follow (e.g. latest)");
            } else if (strategy != TagStrategy.DIGEST) {
                onlyFor(fields, "tag", "digest");
            }
        }
        if (image == null || strategy == null) {
            return null;
        }
        return new Subscription(
                image, strategy, constraint, Boolean.TRUE.equals(prereleases), tag, allowTags, ignoreTags);
    }

    private Stage stage(Node node, Warehouse warehouse, Set<String> earlierStages, boolean first) {
        Map<String, Node> fields = mapping(
                node,
                "stage",
                Set.of(
                        "name",
                        "sources",
                        "targets",
                        "autoPromotion",
                        "approvals",
                        "soak",
                        "verification",
                        "healthGate",
                        "windows"));
        if (fields == null) {
            return null;
        }
        String name = dnsLabel(fields, node, "name", "stage name", true);
        if (name != null && earlierStages.contains(name)) {
            error(fields.get("name"), "stage " + name + " is declared twice");
        }
        boolean fromWarehouse;
        List<String> upstream = new ArrayList<>();
        if (!fields.containsKey("sources")) {
            fromWarehouse = first;
            if (!first) {
                error(node, "stage " + name + " needs 'sources': warehouse, or the upstream stages it promotes from");
            }
        } else {
            List<String> sources = strings(fields, "sources");
            fromWarehouse = sources.contains(WAREHOUSE_SOURCE);
            for (String source : sources) {
                if (source.equals(WAREHOUSE_SOURCE)) {
                    continue;
                }
                if (!earlierStages.contains(source)) {
                    error(
                            fields.get("sources"),
                            "source '" + source + "' is not a stage declared before " + name
                                    + " (upstream stages come first)");
                } else {
                    upstream.add(source);
                }
            }
            if (sources.isEmpty()) {
                error(fields.get("sources"), "sources must name warehouse or at least one upstream stage");
            }
        }
        if (name != null) {
            earlierStages.add(name);
        }
        List<StageTarget> targets = new ArrayList<>();
        Node targetsNode = required(fields, node, "targets");
        if (targetsNode != null) {
            List<Node> items = sequence(targetsNode, "targets");
            if (items != null && items.isEmpty()) {
                error(targetsNode, "targets must list at least one GitOps target");
            }
            for (Node item : items == null ? List.<Node>of() : items) {
                StageTarget target = target(item, warehouse);
                if (target != null) {
                    targets.add(target);
                }
            }
        }
        Boolean auto = bool(fields, "autoPromotion");
        Stage.Approvals approvals = fields.containsKey("approvals") ? approvals(fields.get("approvals")) : null;
        Duration soak = checked(fields, node, "soak", false, Durations::parse);
        List<AnalysisTemplateRef> verification =
                fields.containsKey("verification") ? verification(fields.get("verification")) : List.of();
        Stage.HealthGate healthGate = fields.containsKey("healthGate") ? healthGate(fields.get("healthGate")) : null;
        List<PromotionWindow> windows = fields.containsKey("windows") ? windows(fields.get("windows")) : List.of();
        if (soak != null && fromWarehouse && upstream.isEmpty() && !soak.isZero()) {
            error(
                    fields.get("soak"),
                    "soak is the time Freight spends in an upstream stage: stage " + name
                            + " promotes from the warehouse only");
        }
        if (name == null) {
            return null;
        }
        return new Stage(
                name,
                fromWarehouse,
                upstream,
                targets,
                Boolean.TRUE.equals(auto),
                approvals == null ? Stage.Approvals.NONE : approvals,
                soak == null ? Duration.ZERO : soak,
                verification,
                healthGate,
                windows);
    }

    private StageTarget target(Node node, Warehouse warehouse) {
        Map<String, Node> fields = mapping(
                node,
                "target",
                Set.of(
                        "repositoryUrl",
                        "branch",
                        "path",
                        "kind",
                        "field",
                        "valueFormat",
                        "writeMode",
                        "argoCdApplication",
                        "image"));
        if (fields == null) {
            return null;
        }
        String repositoryUrl = checked(fields, node, "repositoryUrl", true, value -> {
            if (!value.matches("https?://[^\\s/@]+(/[^\\s]*)?")) {
                throw new IllegalArgumentException("repositoryUrl must be an http(s) clone URL, not '" + value + "'");
            }
            return value;
        });
        String branch = checked(fields, node, "branch", true, value -> {
            GitRefNames.requireBranchName(value);
            return value;
        });
        String path = checked(fields, node, "path", true, value -> {
            RepositoryPaths.requireRelative("path", value);
            return value;
        });
        GitOpsTarget.EditKind kind = checked(fields, node, "kind", true, value -> switch (value) {
            case "helm-values" -> GitOpsTarget.EditKind.HELM_VALUES;
            case "kustomize-image" -> GitOpsTarget.EditKind.KUSTOMIZE_IMAGE;
            case "manifest-image" -> GitOpsTarget.EditKind.MANIFEST_IMAGE;
            default ->
                throw new IllegalArgumentException(
                        "kind must be helm-values, kustomize-image or manifest-image, not '" + value + "'");
        });
        String field = text(fields, node, "field", false);
        GitOpsTarget.ValueFormat format = fields.containsKey("valueFormat")
                ? checked(fields, node, "valueFormat", true, PipelineParser::valueFormat)
                : GitOpsTarget.ValueFormat.TAG;
        GitOpsTarget.WriteMode mode = fields.containsKey("writeMode")
                ? checked(fields, node, "writeMode", true, value -> switch (value) {
                    case "push" -> GitOpsTarget.WriteMode.PUSH;
                    case "pull-request" -> GitOpsTarget.WriteMode.PULL_REQUEST;
                    default ->
                        throw new IllegalArgumentException(
                                "writeMode must be push or pull-request, not '" + value + "'");
                })
                : GitOpsTarget.WriteMode.PUSH;
        String application = checked(fields, node, "argoCdApplication", false, PipelineParser::application);
        String image = text(fields, node, "image", false);
        if (warehouse != null && !warehouse.subscriptions().isEmpty()) {
            if (image == null && warehouse.subscriptions().size() > 1) {
                error(
                        node,
                        "the warehouse subscribes to several images: say which one this target receives with 'image'");
                return null;
            }
            if (image != null && warehouse.subscription(image).isEmpty()) {
                error(fields.get("image"), "image " + image + " is not one of the warehouse's subscriptions");
                return null;
            }
            if (image == null) {
                image = warehouse.subscriptions().get(0).imageRepository();
            }
        }
        if (repositoryUrl == null
                || branch == null
                || path == null
                || kind == null
                || format == null
                || mode == null
                || image == null) {
            return null;
        }
        try {
            return new StageTarget(
                    image, new GitOpsTarget(repositoryUrl, branch, path, kind, field, format, mode, application));
        } catch (IllegalArgumentException e) {
            error(node, "target: " + e.getMessage());
            return null;
        }
    }

    private Stage.Approvals approvals(Node node) {
        Map<String, Node> fields = mapping(node, "approvals", Set.of("required", "role"));
        if (fields == null) {
            return null;
        }
        Integer required = checked(fields, node, "required", true, value -> {
            int count;
            try {
                count = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("required must be a whole number, not '" + value + "'");
            }
            if (count < 0 || count > 20) {
                throw new IllegalArgumentException("required must be between 0 and 20, not " + count);
            }
            return count;
        });
        String role = checked(fields, node, "role", false, value -> {
            if (!value.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
                throw new IllegalArgumentException("role '" + value + "' is not a valid role name");
            }
            return value;
        });
        if (required != null && required > 0 && role == null && !fields.containsKey("role")) {
            error(node, "approvals need 'role': the role every approver must hold");
        }
        return required == null ? null : new Stage.Approvals(required, role);
    }

    private List<AnalysisTemplateRef> verification(Node node) {
        List<AnalysisTemplateRef> templates = new ArrayList<>();
        Map<String, Node> outer = mapping(node, "verification", Set.of("templates"));
        if (outer == null) {
            return templates;
        }
        Node templatesNode = required(outer, node, "templates");
        List<Node> items = templatesNode == null ? null : sequence(templatesNode, "templates");
        for (Node item : items == null ? List.<Node>of() : items) {
            Map<String, Node> fields = mapping(item, "analysis template", Set.of("name", "clusterScope", "args"));
            if (fields == null) {
                continue;
            }
            String name = dnsLabel(fields, item, "name", "analysis template name", true);
            Boolean clusterScope = bool(fields, "clusterScope");
            Map<String, String> args = new LinkedHashMap<>();
            if (fields.containsKey("args")) {
                Map<String, Node> argNodes = mapping(fields.get("args"), "args", null);
                if (argNodes != null) {
                    argNodes.forEach((key, value) -> {
                        if (value instanceof ScalarNode scalar) {
                            args.put(key, scalar.getValue());
                        } else {
                            error(value, "argument " + key + " must be a plain value");
                        }
                    });
                }
            }
            if (name != null) {
                templates.add(new AnalysisTemplateRef(name, Boolean.TRUE.equals(clusterScope), args));
            }
        }
        return templates;
    }

    private Stage.HealthGate healthGate(Node node) {
        Map<String, Node> fields = mapping(node, "healthGate", Set.of("argoCdApplication", "timeout"));
        if (fields == null) {
            return null;
        }
        String application = checked(fields, node, "argoCdApplication", true, PipelineParser::application);
        Duration timeout = checked(fields, node, "timeout", false, Durations::parse);
        if (application == null) {
            return null;
        }
        String[] parts = application.split("/");
        return new Stage.HealthGate(parts[0], parts[1], timeout == null ? DEFAULT_HEALTH_TIMEOUT : timeout);
    }

    private List<PromotionWindow> windows(Node node) {
        List<PromotionWindow> windows = new ArrayList<>();
        List<Node> items = sequence(node, "windows");
        for (Node item : items == null ? List.<Node>of() : items) {
            Map<String, Node> fields = mapping(item, "window", Set.of("kind", "schedule", "duration", "timeZone"));
            if (fields == null) {
                continue;
            }
            PromotionWindow.Kind kind = checked(fields, item, "kind", true, value -> switch (value) {
                case "allow" -> PromotionWindow.Kind.ALLOW;
                case "deny" -> PromotionWindow.Kind.DENY;
                default -> throw new IllegalArgumentException("kind must be allow or deny, not '" + value + "'");
            });
            String schedule = text(fields, item, "schedule", true);
            ExecutionTime executionTime = schedule == null
                    ? null
                    : checked(fields, item, "schedule", true, value -> {
                        try {
                            return ExecutionTime.forCron(CRON.parse(value));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("schedule '" + value
                                    + "' is not a cron expression (minute hour day-of-month month day-of-week): "
                                    + e.getMessage());
                        }
                    });
            Duration duration = checked(fields, item, "duration", true, value -> {
                Duration parsed = Durations.parse(value);
                if (parsed.isZero()) {
                    throw new IllegalArgumentException("duration must be longer than zero");
                }
                return parsed;
            });
            ZoneId zone = fields.containsKey("timeZone")
                    ? checked(fields, item, "timeZone", true, value -> {
                        try {
                            return ZoneId.of(value);
                        } catch (DateTimeException e) {
                            throw new IllegalArgumentException(
                                    "timeZone '" + value + "' is not a time zone (e.g. Europe/Berlin)");
                        }
                    })
                    : ZoneId.of("UTC");
            if (kind != null && executionTime != null && duration != null && zone != null) {
                windows.add(new PromotionWindow(kind, schedule, executionTime, duration, zone));
            }
        }
        return windows;
    }

    private static GitOpsTarget.ValueFormat valueFormat(String value) {
        return switch (value) {
            case "tag" -> GitOpsTarget.ValueFormat.TAG;
            case "digest" -> GitOpsTarget.ValueFormat.DIGEST;
            case "repository" -> GitOpsTarget.ValueFormat.REPOSITORY;
            case "reference-tag" -> GitOpsTarget.ValueFormat.REFERENCE_TAG;
            case "reference-digest" -> GitOpsTarget.ValueFormat.REFERENCE_DIGEST;
            case "reference-tag-digest" -> GitOpsTarget.ValueFormat.REFERENCE_TAG_DIGEST;
            default ->
                throw new IllegalArgumentException("valueFormat must be tag, digest, repository, reference-tag,"
                        + " reference-digest or reference-tag-digest, not '" + value + "'");
        };
    }

    private static String application(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("argoCdApplication must be namespace/name, not '" + value + "'");
        }
        ResourceNames.requireDnsLabel("Argo CD Application namespace", parts[0]);
        ResourceNames.requireDnsLabel("Argo CD Application name", parts[1]);
        return value;
    }

    // --- node helpers: each reports at the node's own position ---

    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
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

    private List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode sequenceNode)) {
            error(node, what + " must be a list");
            return null;
        }
        return sequenceNode.getValue();
    }

    private Node required(Map<String, Node> fields, Node parent, String key) {
        Node value = fields.get(key);
        if (value == null) {
            error(parent, "'" + key + "' is missing");
        }
        return value;
    }

    private String text(Map<String, Node> fields, Node parent, String key, boolean required) {
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

    private <T> T checked(
            Map<String, Node> fields, Node parent, String key, boolean required, Function<String, T> convert) {
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

    private String dnsLabel(Map<String, Node> fields, Node parent, String key, String what, boolean required) {
        return checked(fields, parent, key, required, value -> {
            ResourceNames.requireDnsLabel(what, value);
            return value;
        });
    }

    private Boolean bool(Map<String, Node> fields, String key) {
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

    private List<String> strings(Map<String, Node> fields, String key) {
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

    private void onlyFor(Map<String, Node> fields, String key, String strategy) {
        if (fields.containsKey(key)) {
            error(fields.get(key), "'" + key + "' applies only to strategy " + strategy);
        }
    }

    private void error(Node node, String message) {
        Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
        errors.add(new PipelineError(
                file,
                mark.map(m -> m.getLine() + 1).orElse(0),
                mark.map(m -> m.getColumn() + 1).orElse(0),
                message));
    }
}
