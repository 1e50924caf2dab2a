package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.validation.ImageReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.semver4j.RangesListFactory;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads pipeline files (one pipeline per YAML document) into {@link Pipeline}s, collecting every error with its file,
 * line and column from the YAML node marks, so a user fixes a file in one go rather than error by error. The pipeline
 * and its Warehouse are read here, its stages by {@link StageParser}.
 */
public final class PipelineParser {

    private final YamlNodes yaml;
    private final StageParser stages;

    private PipelineParser(String file) {
        this.yaml = new YamlNodes(file);
        this.stages = new StageParser(yaml);
    }

    /** The pipelines of one file; throws {@link PipelineException} with every error found. */
    public static List<Pipeline> parse(String file, String content) {
        PipelineParser parser = new PipelineParser(file);
        List<Pipeline> pipelines = parser.documents(content);
        if (!parser.yaml.errors().isEmpty()) {
            throw new PipelineException(parser.yaml.errors());
        }
        return pipelines;
    }

    private List<Pipeline> documents(String content) {
        List<Pipeline> pipelines = new ArrayList<>();
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(yaml.file())
                    .setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10)
                    .build();
            for (Node document : new Compose(settings).composeAllFromString(content)) {
                pipeline(document).ifPresent(pipelines::add);
            }
        } catch (MarkedYamlEngineException e) {
            yaml.error(e.getProblemMark(), "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            yaml.error(Optional.empty(), "not valid YAML: " + e.getMessage());
        }
        if (pipelines.isEmpty() && yaml.errors().isEmpty()) {
            yaml.error(Optional.empty(), "holds no pipeline");
        }
        return pipelines;
    }

    private Optional<Pipeline> pipeline(Node node) {
        Map<String, Node> fields = yaml.mapping(node, "pipeline", Set.of("name", "warehouse", "stages"));
        if (fields == null) {
            return Optional.empty();
        }
        String name = yaml.dnsLabel(fields, node, "name", "pipeline name", true);
        Node warehouseNode = yaml.required(fields, node, "warehouse");
        Warehouse warehouse = warehouseNode == null ? null : warehouse(warehouseNode, name);
        Node stagesNode = yaml.required(fields, node, "stages");
        List<Stage> declared = new ArrayList<>();
        if (stagesNode != null) {
            Set<String> seen = new HashSet<>();
            for (Node item : yaml.items(stagesNode, "stages", "stages must list at least one stage")) {
                Stage stage = stages.stage(item, warehouse, seen, declared.isEmpty());
                if (stage != null) {
                    declared.add(stage);
                }
            }
        }
        if (name == null || warehouse == null || stagesNode == null) {
            return Optional.empty();
        }
        return Optional.of(new Pipeline(name, yaml.file(), warehouse, declared));
    }

    private Warehouse warehouse(Node node, String pipelineName) {
        Map<String, Node> fields = yaml.mapping(node, "warehouse", Set.of("name", "subscriptions"));
        if (fields == null) {
            return null;
        }
        String name =
                fields.containsKey("name") ? yaml.dnsLabel(fields, node, "name", "warehouse name", true) : pipelineName;
        Node subscriptionsNode = yaml.required(fields, node, "subscriptions");
        List<Subscription> subscriptions = new ArrayList<>();
        if (subscriptionsNode != null) {
            Set<String> seen = new HashSet<>();
            for (Node item : yaml.items(
                    subscriptionsNode, "subscriptions", "subscriptions must list at least one image repository")) {
                Subscription subscription = subscription(item);
                if (subscription != null && !seen.add(subscription.imageRepository())) {
                    yaml.error(item, "image repository " + subscription.imageRepository() + " is subscribed twice");
                } else if (subscription != null) {
                    subscriptions.add(subscription);
                }
            }
        }
        return new Warehouse(name == null ? "invalid" : name, subscriptions);
    }

    private Subscription subscription(Node node) {
        Map<String, Node> fields = yaml.mapping(
                node,
                "subscription",
                Set.of(
                        "image",
                        "strategy",
                        "constraint",
                        "prereleases",
                        "tag",
                        "allowTags",
                        "allowTagsRegexes",
                        "ignoreTags",
                        "ignoreTagsRegexes"));
        if (fields == null) {
            return null;
        }
        String image = yaml.checked(fields, node, "image", true, value -> {
            ImageReference.requireRepository(value);
            return value;
        });
        TagStrategy strategy = fields.containsKey("strategy")
                ? yaml.checked(fields, node, "strategy", true, PipelineParser::strategy)
                : TagStrategy.SEMVER;
        String constraint = yaml.checked(fields, node, "constraint", false, PipelineParser::constraint);
        Boolean prereleases = yaml.bool(fields, "prereleases");
        String tag = yaml.checked(fields, node, "tag", false, value -> {
            ImageReference.requireTag(value);
            return value;
        });
        List<TagPattern> allowTags = patterns(fields, "allowTags");
        if (fields.containsKey("allowTags") && fields.containsKey("allowTagsRegexes")) {
            yaml.error(fields.get("allowTagsRegexes"), "use allowTags or allowTagsRegexes, not both");
        }
        allowTags.addAll(patterns(fields, "allowTagsRegexes"));
        List<String> ignoreTags = yaml.strings(fields, "ignoreTags");
        List<TagPattern> ignoreTagsRegexes = patterns(fields, "ignoreTagsRegexes");
        if (strategy != null) {
            strategyFields(node, fields, strategy, tag);
        }
        if (image == null || strategy == null) {
            return null;
        }
        return new Subscription(
                image,
                strategy,
                constraint,
                Boolean.TRUE.equals(prereleases),
                tag,
                allowTags,
                ignoreTags,
                ignoreTagsRegexes);
    }

    /** The patterns under {@code key} (one value or a list), each compiled as Go's RE2 compiles it. */
    private List<TagPattern> patterns(Map<String, Node> fields, String key) {
        List<TagPattern> patterns = new ArrayList<>();
        for (String source : yaml.strings(fields, key)) {
            try {
                patterns.add(TagPattern.compile(key, source));
            } catch (IllegalArgumentException e) {
                yaml.error(fields.get(key), e.getMessage());
            }
        }
        return patterns;
    }

    /** Each strategy's own fields: a constraint and prereleases for semver, the tag to follow for digest. */
    private void strategyFields(Node node, Map<String, Node> fields, TagStrategy strategy, String tag) {
        if (strategy != TagStrategy.SEMVER) {
            yaml.onlyFor(fields, "constraint", "semver");
            yaml.onlyFor(fields, "prereleases", "semver");
        }
        if (strategy == TagStrategy.DIGEST && tag == null && !fields.containsKey("tag")) {
            yaml.error(node, "strategy digest needs 'tag', the mutable tag to follow (e.g. latest)");
        } else if (strategy != TagStrategy.DIGEST) {
            yaml.onlyFor(fields, "tag", "digest");
        }
    }

    private static TagStrategy strategy(String value) {
        return TagStrategy.fromYaml(value)
                .orElseThrow(() -> new IllegalArgumentException(
                        "strategy must be semver, newest, digest or lexical, not '" + value + "'"));
    }

    private static String constraint(String value) {
        if (RangesListFactory.create(value).get().isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' is not a semver constraint (e.g. ^1.2, >=2.0.0 <3)");
        }
        return value;
    }
}
