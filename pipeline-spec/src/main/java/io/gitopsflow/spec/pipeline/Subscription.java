package io.gitopsflow.spec.pipeline;

import java.util.List;

/**
 * A Warehouse's subscription to one image repository: which tags are eligible and which of them is newest.
 *
 * @param imageRepository the image repository with its registry host
 * @param strategy how eligible tags are chosen and ordered
 * @param constraint the semver range ({@code ^1.2}, {@code >=2.0.0 <3}) for {@link TagStrategy#SEMVER}, or null
 * @param prereleases whether semver pre-releases ({@code 1.3.0-rc.1}) are eligible
 * @param mutableTag the tag followed by {@link TagStrategy#DIGEST}, e.g. {@code latest}; null otherwise
 * @param allowTags a tag must contain a match of one of these ({@code allowTags} or Kargo's {@code
 *     allowTagsRegexes}); empty for any tag
 * @param ignoreTags tags matching any of these globs ({@code *} any run, {@code ?} one character) are never eligible;
 *     a glob without wildcards is an exact tag, as Kargo's own {@code ignoreTags} are
 * @param ignoreTagsRegexes a tag containing a match of any of these (Kargo's {@code ignoreTagsRegexes}) is never
 *     eligible
 */
public record Subscription(
        String imageRepository,
        TagStrategy strategy,
        String constraint,
        boolean prereleases,
        String mutableTag,
        List<TagPattern> allowTags,
        List<String> ignoreTags,
        List<TagPattern> ignoreTagsRegexes) {

    public Subscription {
        allowTags = List.copyOf(allowTags);
        ignoreTags = List.copyOf(ignoreTags);
        ignoreTagsRegexes = List.copyOf(ignoreTagsRegexes);
    }

    /** A subscription with at most one allow pattern and glob ignores only. */
    public Subscription(
            String imageRepository,
            TagStrategy strategy,
            String constraint,
            boolean prereleases,
            String mutableTag,
            TagPattern allowTags,
            List<String> ignoreTags) {
        this(
                imageRepository,
                strategy,
                constraint,
                prereleases,
                mutableTag,
                allowTags == null ? List.of() : List.of(allowTags),
                ignoreTags,
                List.of());
    }

    /** The tag rules as the pipeline file wrote them, for messages: {@code allowTags "^main-", ignoreTags [...]}. */
    public String describeRules() {
        StringBuilder rules = new StringBuilder();
        if (!allowTags.isEmpty()) {
            rules.append(allowTags.get(0).field())
                    .append(' ')
                    .append(allowTags.stream().map(p -> '"' + p.source() + '"').toList());
        }
        if (!ignoreTags.isEmpty()) {
            rules.append(rules.isEmpty() ? "" : ", ").append("ignoreTags ").append(ignoreTags);
        }
        if (!ignoreTagsRegexes.isEmpty()) {
            rules.append(rules.isEmpty() ? "" : ", ")
                    .append("ignoreTagsRegexes ")
                    .append(ignoreTagsRegexes.stream()
                            .map(p -> '"' + p.source() + '"')
                            .toList());
        }
        rules.append(rules.isEmpty() ? "" : ", ").append("strategy ").append(strategy.yamlName());
        if (constraint != null) {
            rules.append(" ").append(constraint);
        }
        if (mutableTag != null) {
            rules.append(" (tag ").append(mutableTag).append(')');
        }
        return rules.toString();
    }
}
