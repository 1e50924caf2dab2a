package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.spec.pipeline.StageTarget.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Which of the Warehouse's subscriptions a stage target receives ({@code image}, {@code chart} or {@code git}; none
 * when the Warehouse has one subscription), and whether the target's kind and value format can write that artifact.
 */
final class TargetSources {

    /** The subscription a target names: its kind and its repository. */
    record Source(Kind kind, String name) {}

    private static final Set<GitOpsTarget.EditKind> IMAGE_ONLY =
            Set.of(GitOpsTarget.EditKind.KUSTOMIZE_IMAGE, GitOpsTarget.EditKind.MANIFEST_IMAGE);
    private static final Set<GitOpsTarget.EditKind> CHART_OR_COMMIT =
            Set.of(GitOpsTarget.EditKind.ARGOCD_TARGET_REVISION, GitOpsTarget.EditKind.HELM_CHART_DEPENDENCY);

    private TargetSources() {}

    /** The subscription the target receives, or null (with an error) when it names none or an unknown one. */
    static Source source(YamlNodes yaml, Node node, Map<String, Node> fields, Warehouse warehouse) {
        List<String> named = new ArrayList<>();
        for (String key : List.of("image", "chart", "git")) {
            if (fields.containsKey(key)) {
                named.add(key);
            }
        }
        if (named.size() > 1) {
            yaml.error(node, "a target receives one artifact: give one of image, chart and git, not " + named);
            return null;
        }
        if (named.isEmpty()) {
            return only(yaml, node, warehouse);
        }
        String key = named.get(0);
        String value = yaml.text(fields, node, key, true);
        if (value == null || warehouse == null) {
            return null;
        }
        boolean known = switch (key) {
            case "image" -> warehouse.subscription(value).isPresent();
            case "chart" ->
                warehouse.chart(ChartSubscription.withoutScheme(value)).isPresent();
            default -> warehouse.git(value).isPresent();
        };
        Kind kind = key.equals("image") ? Kind.IMAGE : key.equals("chart") ? Kind.CHART : Kind.GIT;
        if (!known) {
            yaml.error(
                    fields.get(key), kind.description() + " " + value + " is not one of the warehouse's subscriptions");
            return null;
        }
        return new Source(kind, kind == Kind.CHART ? ChartSubscription.withoutScheme(value) : value);
    }

    /** The Warehouse's only subscription, when the target names none. */
    private static Source only(YamlNodes yaml, Node node, Warehouse warehouse) {
        if (warehouse == null || warehouse.size() == 0) {
            return null;
        }
        if (warehouse.size() > 1) {
            yaml.error(
                    node,
                    "the warehouse has several subscriptions: say which one this target receives with 'image',"
                            + " 'chart' or 'git'");
            return null;
        }
        if (!warehouse.subscriptions().isEmpty()) {
            return new Source(Kind.IMAGE, warehouse.subscriptions().get(0).imageRepository());
        }
        if (!warehouse.charts().isEmpty()) {
            return new Source(Kind.CHART, warehouse.charts().get(0).chartRepository());
        }
        return new Source(Kind.GIT, warehouse.git().get(0).repositoryUrl());
    }

    /** Whether a target of {@code kind} and {@code format} can write an artifact of {@code source}; else an error. */
    static boolean fits(
            YamlNodes yaml,
            Node node,
            Map<String, Node> fields,
            Kind source,
            GitOpsTarget.EditKind kind,
            GitOpsTarget.ValueFormat format) {
        Node kindNode = fields.get("kind");
        if (source == Kind.IMAGE && CHART_OR_COMMIT.contains(kind)) {
            yaml.error(
                    kindNode,
                    "kind " + yamlName(kindNode) + " writes a chart version or a commit, not an image:"
                            + " name the target's chart or git subscription");
            return false;
        }
        if (source != Kind.IMAGE && IMAGE_ONLY.contains(kind)) {
            yaml.error(
                    kindNode,
                    "kind " + yamlName(kindNode) + " writes an image, not a "
                            + (source == Kind.CHART ? "chart" : "Git commit"));
            return false;
        }
        if (source != Kind.IMAGE
                && format != GitOpsTarget.ValueFormat.TAG
                && format != GitOpsTarget.ValueFormat.DIGEST) {
            yaml.error(
                    fields.get("valueFormat"),
                    "valueFormat of a " + (source == Kind.CHART ? "chart" : "Git commit")
                            + " must be tag (the version, or the commit's SHA) or digest");
            return false;
        }
        return true;
    }

    private static String yamlName(Node kindNode) {
        return kindNode instanceof org.snakeyaml.engine.v2.nodes.ScalarNode scalar ? scalar.getValue() : "";
    }
}
