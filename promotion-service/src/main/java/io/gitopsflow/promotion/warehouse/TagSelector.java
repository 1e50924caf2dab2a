package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.spec.pipeline.Subscription;
import io.gitopsflow.spec.pipeline.TagStrategy;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * A subscription's rules on plain tags: which are eligible (allow and ignore patterns, ignore globs, the strategy's own
 * rule) and which of several is the newest. Kept apart from events and storage so every rule is tested on plain values.
 */
public final class TagSelector {

    private TagSelector() {}

    /**
     * Whether {@code tag} may become Freight under {@code subscription}: as in Kargo's image selector, a tag that
     * contains a match of an ignore pattern (or matches an ignore glob) is out, and with allow patterns a tag must
     * contain a match of one of them — patterns search the tag (Go's {@code MatchString}), they do not have to match
     * all of it.
     */
    public static boolean eligible(Subscription subscription, String tag) {
        if (subscription.ignoreTagsRegexes().stream().anyMatch(pattern -> pattern.foundIn(tag))
                || subscription.ignoreTags().stream()
                        .anyMatch(glob -> glob(glob).matcher(tag).matches())) {
            return false;
        }
        if (!subscription.allowTags().isEmpty()
                && subscription.allowTags().stream().noneMatch(pattern -> pattern.foundIn(tag))) {
            return false;
        }
        return switch (subscription.strategy()) {
            case SEMVER -> semverEligible(subscription, tag);
            case DIGEST -> tag.equals(subscription.mutableTag());
            case NEWEST, LEXICAL -> true;
        };
    }

    /** The tag of {@code tags} (all naming one digest) that the Freight records, or empty when none is eligible. */
    public static Optional<String> select(Subscription subscription, List<String> tags) {
        return tags.stream().filter(tag -> eligible(subscription, tag)).max(tagOrder(subscription.strategy()));
    }

    /**
     * The order of tags of different images under {@code strategy}, oldest first; for {@code newest} and
     * {@code digest} the publish time decides, so this order only breaks ties. A semver order reads each tag's
     * version once (ranking a Warehouse's Freight compares each tag many times), so it is for one thread.
     */
    public static Comparator<String> tagOrder(TagStrategy strategy) {
        if (strategy == TagStrategy.SEMVER) {
            Map<String, Optional<Semver>> versions = new HashMap<>();
            return Comparator.comparing(
                            (String tag) -> versions.computeIfAbsent(tag, t -> Optional.ofNullable(version(t)))
                                    .orElse(null),
                            Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(Comparator.naturalOrder());
        }
        return Comparator.naturalOrder();
    }

    /** The tag as a semantic version (a leading {@code v} allowed), or null. */
    public static Semver version(String tag) {
        return Semver.parse(tag);
    }

    private static boolean semverEligible(Subscription subscription, String tag) {
        Semver version = version(tag);
        if (version == null) {
            return false;
        }
        if (!version.isStable() && !version.getPreRelease().isEmpty() && !subscription.prereleases()) {
            return false;
        }
        if (subscription.constraint() == null) {
            return true;
        }
        RangesList range = RangesListFactory.create(subscription.constraint(), subscription.prereleases());
        return range.isSatisfiedBy(version);
    }

    /** A tag glob: {@code *} any run of characters, {@code ?} one character, everything else literal. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
