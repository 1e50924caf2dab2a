package io.gitopsflow.spec.pipeline;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.gitopsflow.events.AnalysisTemplateRef;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads one stage of a pipeline file: where it promotes from (the warehouse, or upstream stages declared before it),
 * its GitOps targets ({@link TargetParser}), approvals, soak time, verification, health gate, promotion windows, and
 * what a failed verification does (fail, or roll back automatically, through the windows or not).
 */
final class StageParser {

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(10);
    private static final String WAREHOUSE_SOURCE = "warehouse";
    private static final Set<String> FIELDS = Set.of(
            "name",
            "sources",
            "targets",
            "autoPromotion",
            "approvals",
            "soak",
            "verification",
            "healthGate",
            "windows",
            "onVerificationFailure",
            "rollbackThroughWindows");

    private final YamlNodes yaml;
    private final TargetParser targets;

    StageParser(YamlNodes yaml) {
        this.yaml = yaml;
        this.targets = new TargetParser(yaml);
    }

    /** The stage, or null when it is in error; {@code earlierStages} gains its name. */
    Stage stage(Node node, Warehouse warehouse, Set<String> earlierStages, boolean first) {
        Map<String, Node> fields = yaml.mapping(node, "stage", FIELDS);
        if (fields == null) {
            return null;
        }
        String name = yaml.dnsLabel(fields, node, "name", "stage name", true);
        if (name != null && earlierStages.contains(name)) {
            yaml.error(fields.get("name"), "stage " + name + " is declared twice");
        }
        List<String> upstream = new ArrayList<>();
        boolean fromWarehouse = sources(node, fields, name, earlierStages, first, upstream);
        if (name != null) {
            earlierStages.add(name);
        }
        List<StageTarget> stageTargets = targets(node, fields, warehouse);
        Boolean auto = yaml.bool(fields, "autoPromotion");
        Stage.Approvals approvals = fields.containsKey("approvals") ? approvals(fields.get("approvals")) : null;
        Duration soak = yaml.checked(fields, node, "soak", false, Durations::parse);
        List<AnalysisTemplateRef> verification =
                fields.containsKey("verification") ? verification(fields.get("verification")) : List.of();
        Stage.HealthGate healthGate = fields.containsKey("healthGate") ? healthGate(fields.get("healthGate")) : null;
        List<PromotionWindow> windows = fields.containsKey("windows") ? windows(fields.get("windows")) : List.of();
        Stage.OnVerificationFailure onFailure = onVerificationFailure(fields, node, verification.isEmpty());
        boolean throughWindows = rollbackThroughWindows(fields, onFailure);
        if (soak != null && fromWarehouse && upstream.isEmpty() && !soak.isZero()) {
            yaml.error(
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
                stageTargets,
                Boolean.TRUE.equals(auto),
                approvals == null ? Stage.Approvals.NONE : approvals,
                soak == null ? Duration.ZERO : soak,
                verification,
                healthGate,
                windows,
                onFailure,
                throughWindows);
    }

    /** {@code onVerificationFailure}: fail or rollback (which needs a verification to fail); null when absent. */
    private Stage.OnVerificationFailure onVerificationFailure(
            Map<String, Node> fields, Node node, boolean noVerification) {
        Stage.OnVerificationFailure onFailure =
                yaml.checked(fields, node, "onVerificationFailure", false, value -> switch (value) {
                    case "fail" -> Stage.OnVerificationFailure.FAIL;
                    case "rollback" -> Stage.OnVerificationFailure.ROLLBACK;
                    default ->
                        throw new IllegalArgumentException(
                                "onVerificationFailure must be fail or rollback, not '" + value + "'");
                });
        if (onFailure == Stage.OnVerificationFailure.ROLLBACK && noVerification) {
            yaml.error(
                    fields.get("onVerificationFailure"),
                    "onVerificationFailure: rollback needs 'verification': without it no verification can fail");
        }
        return onFailure; // null: fail, or in error
    }

    /** {@code rollbackThroughWindows}: true lets an automatic rollback start while the windows block promotions. */
    private boolean rollbackThroughWindows(Map<String, Node> fields, Stage.OnVerificationFailure onFailure) {
        Boolean throughWindows = yaml.bool(fields, "rollbackThroughWindows");
        // a misspelt onVerificationFailure is its own error: this one only when rollback is plainly not chosen
        boolean notChosen =
                onFailure == Stage.OnVerificationFailure.FAIL || !fields.containsKey("onVerificationFailure");
        if (Boolean.TRUE.equals(throughWindows) && notChosen) {
            yaml.error(
                    fields.get("rollbackThroughWindows"),
                    "rollbackThroughWindows applies only to a stage with onVerificationFailure: rollback");
        }
        return Boolean.TRUE.equals(throughWindows);
    }

    /**
     * Whether the stage promotes from the warehouse (the first stage does unless it says otherwise); the upstream
     * stages it names go to {@code upstream}, each one declared before it.
     */
    private boolean sources(
            Node node,
            Map<String, Node> fields,
            String name,
            Set<String> earlierStages,
            boolean first,
            List<String> upstream) {
        if (!fields.containsKey("sources")) {
            if (!first) {
                yaml.error(
                        node, "stage " + name + " needs 'sources': warehouse, or the upstream stages it promotes from");
            }
            return first;
        }
        List<String> sources = yaml.strings(fields, "sources");
        for (String source : sources) {
            if (source.equals(WAREHOUSE_SOURCE)) {
                continue;
            }
            if (!earlierStages.contains(source)) {
                yaml.error(
                        fields.get("sources"),
                        "source '" + source + "' is not a stage declared before " + name
                                + " (upstream stages come first)");
            } else {
                upstream.add(source);
            }
        }
        if (sources.isEmpty()) {
            yaml.error(fields.get("sources"), "sources must name warehouse or at least one upstream stage");
        }
        return sources.contains(WAREHOUSE_SOURCE);
    }

    private List<StageTarget> targets(Node node, Map<String, Node> fields, Warehouse warehouse) {
        List<StageTarget> result = new ArrayList<>();
        Node targetsNode = yaml.required(fields, node, "targets");
        if (targetsNode == null) {
            return result;
        }
        for (Node item : yaml.items(targetsNode, "targets", "targets must list at least one GitOps target")) {
            StageTarget target = targets.target(item, warehouse);
            if (target != null) {
                result.add(target);
            }
        }
        return result;
    }

    private Stage.Approvals approvals(Node node) {
        Map<String, Node> fields = yaml.mapping(node, "approvals", Set.of("required", "role"));
        if (fields == null) {
            return null;
        }
        Integer required = yaml.checked(fields, node, "required", true, StageParser::approvalCount);
        String role = yaml.checked(fields, node, "role", false, value -> {
            if (!value.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
                throw new IllegalArgumentException("role '" + value + "' is not a valid role name");
            }
            return value;
        });
        if (required != null && required > 0 && role == null && !fields.containsKey("role")) {
            yaml.error(node, "approvals need 'role': the role every approver must hold");
        }
        return required == null ? null : new Stage.Approvals(required, role);
    }

    private static int approvalCount(String value) {
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
    }

    private List<AnalysisTemplateRef> verification(Node node) {
        List<AnalysisTemplateRef> templates = new ArrayList<>();
        Map<String, Node> outer = yaml.mapping(node, "verification", Set.of("templates"));
        if (outer == null) {
            return templates;
        }
        Node templatesNode = yaml.required(outer, node, "templates");
        List<Node> items = templatesNode == null ? null : yaml.sequence(templatesNode, "templates");
        for (Node item : items == null ? List.<Node>of() : items) {
            Map<String, Node> fields = yaml.mapping(item, "analysis template", Set.of("name", "clusterScope", "args"));
            if (fields == null) {
                continue;
            }
            String name = yaml.dnsLabel(fields, item, "name", "analysis template name", true);
            Boolean clusterScope = yaml.bool(fields, "clusterScope");
            Map<String, String> args = fields.containsKey("args") ? args(fields.get("args")) : Map.of();
            if (name != null) {
                templates.add(new AnalysisTemplateRef(name, Boolean.TRUE.equals(clusterScope), args));
            }
        }
        return templates;
    }

    private Map<String, String> args(Node node) {
        Map<String, String> args = new LinkedHashMap<>();
        Map<String, Node> argNodes = yaml.mapping(node, "args", null);
        if (argNodes != null) {
            argNodes.forEach((key, value) -> {
                if (value instanceof ScalarNode scalar) {
                    args.put(key, scalar.getValue());
                } else {
                    yaml.error(value, "argument " + key + " must be a plain value");
                }
            });
        }
        return args;
    }

    private Stage.HealthGate healthGate(Node node) {
        Map<String, Node> fields = yaml.mapping(node, "healthGate", Set.of("argoCdApplication", "timeout"));
        if (fields == null) {
            return null;
        }
        String application = yaml.checked(fields, node, "argoCdApplication", true, TargetParser::application);
        Duration timeout = yaml.checked(fields, node, "timeout", false, Durations::parse);
        if (application == null) {
            return null;
        }
        String[] parts = application.split("/");
        return new Stage.HealthGate(parts[0], parts[1], timeout == null ? DEFAULT_HEALTH_TIMEOUT : timeout);
    }

    private List<PromotionWindow> windows(Node node) {
        List<PromotionWindow> windows = new ArrayList<>();
        List<Node> items = yaml.sequence(node, "windows");
        for (Node item : items == null ? List.<Node>of() : items) {
            PromotionWindow window = window(item);
            if (window != null) {
                windows.add(window);
            }
        }
        return windows;
    }

    private PromotionWindow window(Node item) {
        Map<String, Node> fields = yaml.mapping(item, "window", Set.of("kind", "schedule", "duration", "timeZone"));
        if (fields == null) {
            return null;
        }
        PromotionWindow.Kind kind = yaml.checked(fields, item, "kind", true, value -> switch (value) {
            case "allow" -> PromotionWindow.Kind.ALLOW;
            case "deny" -> PromotionWindow.Kind.DENY;
            default -> throw new IllegalArgumentException("kind must be allow or deny, not '" + value + "'");
        });
        String schedule = yaml.text(fields, item, "schedule", true);
        ExecutionTime executionTime =
                schedule == null ? null : yaml.checked(fields, item, "schedule", true, StageParser::cron);
        Duration duration = yaml.checked(fields, item, "duration", true, value -> {
            Duration parsed = Durations.parse(value);
            if (parsed.isZero()) {
                throw new IllegalArgumentException("duration must be longer than zero");
            }
            return parsed;
        });
        ZoneId zone = fields.containsKey("timeZone")
                ? yaml.checked(fields, item, "timeZone", true, StageParser::zone)
                : ZoneId.of("UTC");
        if (kind == null || executionTime == null || duration == null || zone == null) {
            return null;
        }
        return new PromotionWindow(kind, schedule, executionTime, duration, zone);
    }

    private static ExecutionTime cron(String value) {
        try {
            return ExecutionTime.forCron(CRON.parse(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule '" + value
                    + "' is not a cron expression (minute hour day-of-month month day-of-week): " + e.getMessage());
        }
    }

    private static ZoneId zone(String value) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone '" + value + "' is not a time zone (e.g. Europe/Berlin)");
        }
    }
}
