package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.ImageReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a pipeline's Warehouse: its subscriptions as Kargo writes them (an image, {@code chart: {repoURL,
 * semverConstraint}}, {@code git: {repoURL, branch, includePaths, excludePaths}}) and its {@code
 * freightCreationCriteria}, every error at its line and column.
 */
final class WarehouseParser {

    private final YamlNodes yaml;
    private final ImageSubscriptionParser images;

    WarehouseParser(YamlNodes yaml) {
        this.yaml = yaml;
        this.images = new ImageSubscriptionParser(yaml);
    }

    /** The Warehouse, or null when it is no mapping. */
    Warehouse warehouse(Node node, String pipelineName) {
        Map<String, Node> fields =
                yaml.mapping(node, "warehouse", Set.of("name", "subscriptions", "freightCreationCriteria"));
        if (fields == null) {
            return null;
        }
        int errorsBefore = yaml.errors().size();
        String name =
                fields.containsKey("name") ? yaml.dnsLabel(fields, node, "name", "warehouse name", true) : pipelineName;
        Node subscriptionsNode = yaml.required(fields, node, "subscriptions");
        List<Subscription> subscriptions = new ArrayList<>();
        List<ChartSubscription> charts = new ArrayList<>();
        List<GitSubscription> git = new ArrayList<>();
        if (subscriptionsNode != null) {
            Set<String> seen = new HashSet<>();
            for (Node item : yaml.items(
                    subscriptionsNode,
                    "subscriptions",
                    "subscriptions must list at least one image repository, chart or Git repository")) {
                subscription(item, seen, subscriptions, charts, git);
            }
        }
        Warehouse warehouse =
                new Warehouse(name == null ? "invalid" : name, subscriptions, charts, git, criteria(fields, node));
        if (warehouse.criteria() != null && yaml.errors().size() == errorsBefore) {
            tryCriteria(warehouse, fields.get("freightCreationCriteria"));
        }
        return warehouse;
    }

    private void subscription(
            Node item,
            Set<String> seen,
            List<Subscription> subscriptions,
            List<ChartSubscription> charts,
            List<GitSubscription> git) {
        Map<String, Node> peek = yaml.mapping(item, "subscription", null);
        if (peek == null) {
            return;
        }
        if (peek.containsKey("chart")) {
            ChartSubscription chart = chart(item, peek);
            if (chart != null && add(item, seen, "chart " + chart.chartRepository())) {
                charts.add(chart);
            }
        } else if (peek.containsKey("git")) {
            GitSubscription branch = git(item, peek);
            if (branch != null && add(item, seen, "Git repository " + branch.repositoryUrl())) {
                git.add(branch);
            }
        } else {
            Subscription image = images.subscription(item);
            if (image != null && add(item, seen, "image repository " + image.imageRepository())) {
                subscriptions.add(image);
            }
        }
    }

    private boolean add(Node item, Set<String> seen, String what) {
        if (!seen.add(what)) {
            yaml.error(item, what + " is subscribed twice");
            return false;
        }
        return true;
    }

    private ChartSubscription chart(Node item, Map<String, Node> peek) {
        if (peek.size() != 1) {
            yaml.error(item, "a chart subscription holds only 'chart' (its fields go under it)");
        }
        Node node = peek.get("chart");
        Map<String, Node> fields = yaml.mapping(node, "chart", Set.of("repoURL", "semverConstraint"));
        if (fields == null) {
            return null;
        }
        String repository = yaml.checked(fields, node, "repoURL", true, value -> {
            String bare = ChartSubscription.withoutScheme(value);
            ImageReference.requireRepository(bare);
            return bare;
        });
        String constraint = yaml.checked(fields, node, "semverConstraint", false, ImageSubscriptionParser::constraint);
        return repository == null ? null : new ChartSubscription(repository, constraint);
    }

    private GitSubscription git(Node item, Map<String, Node> peek) {
        if (peek.size() != 1) {
            yaml.error(item, "a Git subscription holds only 'git' (its fields go under it)");
        }
        Node node = peek.get("git");
        Map<String, Node> fields =
                yaml.mapping(node, "git", Set.of("repoURL", "branch", "includePaths", "excludePaths"));
        if (fields == null) {
            return null;
        }
        String url = yaml.checked(fields, node, "repoURL", true, TargetParser::repositoryUrl);
        String branch = yaml.checked(fields, node, "branch", true, value -> {
            GitRefNames.requireBranchName(value);
            return value;
        });
        List<PathPattern> include = paths(fields, "includePaths");
        List<PathPattern> exclude = paths(fields, "excludePaths");
        return url == null || branch == null ? null : new GitSubscription(url, branch, include, exclude);
    }

    private List<PathPattern> paths(Map<String, Node> fields, String key) {
        List<PathPattern> patterns = new ArrayList<>();
        for (String source : yaml.strings(fields, key)) {
            try {
                patterns.add(PathPattern.of(source));
            } catch (IllegalArgumentException e) {
                yaml.error(fields.get(key), key + ": " + e.getMessage());
            }
        }
        return patterns;
    }

    private FreightCriteria criteria(Map<String, Node> fields, Node parent) {
        Node node = fields.get("freightCreationCriteria");
        if (node == null) {
            return null;
        }
        Map<String, Node> criteria = yaml.mapping(node, "freightCreationCriteria", Set.of("expression"));
        if (criteria == null) {
            return null;
        }
        return yaml.checked(criteria, node, "expression", true, FreightCriteria::parse);
    }

    /**
     * Evaluates the criteria once on placeholder artifacts of every subscription, so an expression that names an
     * artifact the Warehouse does not subscribe to, or gives no boolean, is refused when the file is read.
     */
    private void tryCriteria(Warehouse warehouse, Node node) {
        try {
            warehouse
                    .criteria()
                    .admits(
                            warehouse.subscriptions().stream()
                                    .map(s -> Placeholders.image(s.imageRepository()))
                                    .toList(),
                            warehouse.charts().stream()
                                    .map(c -> Placeholders.chart(c.chartRepository()))
                                    .toList(),
                            warehouse.git().stream()
                                    .map(g -> Placeholders.commit(g.repositoryUrl(), g.branch()))
                                    .toList());
        } catch (IllegalArgumentException e) {
            yaml.error(node, e.getMessage());
        }
    }
}
