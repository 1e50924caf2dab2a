package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.validation.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.semver4j.RangesListFactory;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a Warehouse's image subscription: the repository, the tag strategy and its own fields, Kargo's tag patterns.
 */
final class ImageSubscriptionParser {

    private final YamlNodes yaml;

    ImageSubscriptionParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** The image subscription, or null when it is in error. */
    Subscription subscription(Node node) {
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
                ? yaml.checked(fields, node, "strategy", true, ImageSubscriptionParser::strategy)
                : TagStrategy.SEMVER;
        String constraint = yaml.checked(fields, node, "constraint", false, ImageSubscriptionParser::constraint);
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

    static String constraint(String value) {
        if (RangesListFactory.create(value).get().isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' is not a semver constraint (e.g. ^1.2, >=2.0.0 <3)");
        }
        return value;
    }
}
