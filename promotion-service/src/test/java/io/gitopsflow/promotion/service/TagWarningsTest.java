package io.gitopsflow.promotion.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.promotion.api.SubscriptionWarning;
import io.gitopsflow.spec.pipeline.Subscription;
import io.gitopsflow.spec.pipeline.TagPattern;
import io.gitopsflow.spec.pipeline.TagStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warning of a subscription whose rules select none of the tags seen, decided on plain values. */
class TagWarningsTest {

    private static final String REPO = "registry.example.com/acme/api";

    @Test
    void rulesThatSelectNoneOfTheTagsSeenWarnWithThePatternAndTheCount() {
        var subscription = new Subscription(
                REPO, TagStrategy.NEWEST, null, false, null, TagPattern.compile("allowTags", "^release-"), List.of());
        SubscriptionWarning warning = TagWarnings.warning(
                        subscription, List.of("main-a-6", "main-a-5", "main-a-4", "main-a-3", "main-a-2", "main-a-1"))
                .orElseThrow();
        assertThat(warning.subscription()).isEqualTo(REPO);
        assertThat(warning.rules()).isEqualTo("allowTags [\"^release-\"], strategy newest");
        assertThat(warning.tagsSeen()).isEqualTo(6);
        assertThat(warning.newestTags()).containsExactly("main-a-6", "main-a-5", "main-a-4", "main-a-3", "main-a-2");
        assertThat(warning.message())
                .isEqualTo("subscription registry.example.com/acme/api: allowTags [\"^release-\"], strategy newest"
                        + " select none of the 6 tag(s) seen (newest: main-a-6, main-a-5, main-a-4, main-a-3,"
                        + " main-a-2); patterns are searched in the tag, as Kargo does");
    }

    @Test
    void oneEligibleTagOrNoTagAtAllIsNoWarning() {
        var subscription = new Subscription(
                REPO, TagStrategy.NEWEST, null, false, null, TagPattern.compile("allowTags", "^release-"), List.of());
        assertThat(TagWarnings.warning(subscription, List.of("main-a-1", "release-2")))
                .isEmpty();
        assertThat(TagWarnings.warning(subscription, List.of())).isEmpty();
    }

    @Test
    void aSemverConstraintAndIgnoreRulesAreNamedToo() {
        var subscription = new Subscription(
                REPO,
                TagStrategy.SEMVER,
                "^2",
                false,
                null,
                List.of(),
                List.of("*-debug"),
                List.of(TagPattern.compile("ignoreTagsRegexes", "-rc")));
        assertThat(TagWarnings.warning(subscription, List.of("1.4.0", "2.0.0-rc"))
                        .orElseThrow()
                        .rules())
                .isEqualTo("ignoreTags [*-debug], ignoreTagsRegexes [\"-rc\"], strategy semver ^2");
    }
}
