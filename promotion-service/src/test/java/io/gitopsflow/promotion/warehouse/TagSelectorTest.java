package io.gitopsflow.promotion.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.spec.pipeline.Subscription;
import io.gitopsflow.spec.pipeline.TagPattern;
import io.gitopsflow.spec.pipeline.TagStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagSelectorTest {

    static final String REPO = "registry.example.com/acme/books-api";

    static Subscription semver(String constraint, boolean prereleases) {
        return new Subscription(REPO, TagStrategy.SEMVER, constraint, prereleases, null, null, List.of());
    }

    @Test
    void semverConstraints() {
        Subscription caret = semver("^1.2", false);
        assertThat(TagSelector.eligible(caret, "1.2.0")).isTrue();
        assertThat(TagSelector.eligible(caret, "v1.9.3")).isTrue();
        assertThat(TagSelector.eligible(caret, "1.1.9")).isFalse();
        assertThat(TagSelector.eligible(caret, "2.0.0")).isFalse();
        assertThat(TagSelector.eligible(caret, "main-abc1234-1")).isFalse();

        Subscription range = semver(">=2.0.0 <3", false);
        assertThat(TagSelector.eligible(range, "2.0.0")).isTrue();
        assertThat(TagSelector.eligible(range, "2.99.1")).isTrue();
        assertThat(TagSelector.eligible(range, "3.0.0")).isFalse();
        assertThat(TagSelector.eligible(range, "1.9.0")).isFalse();
    }

    @Test
    void preReleasesOnlyWhenAsked() {
        assertThat(TagSelector.eligible(semver("^1.2", false), "1.3.0-rc.1")).isFalse();
        assertThat(TagSelector.eligible(semver(null, false), "1.3.0-rc.1")).isFalse();
        assertThat(TagSelector.eligible(semver("^1.2", true), "1.3.0-rc.1")).isTrue();
        assertThat(TagSelector.eligible(semver(null, true), "1.3.0-rc.1")).isTrue();
    }

    @Test
    void selectsTheHighestEligibleTagOfAnImage() {
        assertThat(TagSelector.select(semver(null, false), List.of("0123abc", "main-0123abc-4", "1.4.2", "1.4")))
                .contains("1.4.2");
        assertThat(TagSelector.select(semver("^2", false), List.of("1.4.2"))).isEmpty();
    }

    @Test
    void allowRegexAndIgnoreGlobs() {
        Subscription newest = new Subscription(
                REPO,
                TagStrategy.NEWEST,
                null,
                false,
                null,
                TagPattern.compile("allowTags", "main-.*"),
                List.of("*-debug", "main-???????-0"));
        assertThat(TagSelector.eligible(newest, "main-abc1234-3")).isTrue();
        assertThat(TagSelector.eligible(newest, "feature-abc1234-3")).isFalse();
        assertThat(TagSelector.eligible(newest, "main-abc1234-3-debug")).isFalse();
        assertThat(TagSelector.eligible(newest, "main-abc1234-0")).isFalse();
        assertThat(TagSelector.glob("v1.*").matcher("v1x2").matches()).isFalse(); // the dot is literal
    }

    @Test
    void digestFollowsItsMutableTag() {
        Subscription digest = new Subscription(REPO, TagStrategy.DIGEST, null, false, "latest", null, List.of());
        assertThat(TagSelector.select(digest, List.of("abc", "latest"))).contains("latest");
        assertThat(TagSelector.select(digest, List.of("abc", "1.0.0"))).isEmpty();
    }

    @Test
    void lexicalOrder() {
        Subscription lexical = new Subscription(REPO, TagStrategy.LEXICAL, null, false, null, null, List.of());
        assertThat(TagSelector.select(lexical, List.of("nightly-20260102", "nightly-20260315")))
                .contains("nightly-20260315");
    }

    @Test
    void freightOrderFollowsTheStrategyNotTheArrival() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<List<Artifact>> freight = new ArrayList<>(List.of(
                List.of(artifact("1.10.0", t0)),
                List.of(artifact("1.9.0", t0.plusSeconds(60))),
                List.of(artifact("1.2.0", t0.plusSeconds(120)))));
        freight.sort(FreightOrder.oldestFirst(semver(null, false)));
        assertThat(freight).extracting(a -> a.get(0).tag()).containsExactly("1.2.0", "1.9.0", "1.10.0");

        Subscription newest = new Subscription(REPO, TagStrategy.NEWEST, null, false, null, null, List.of());
        freight.sort(FreightOrder.oldestFirst(newest));
        assertThat(freight).extracting(a -> a.get(0).tag()).containsExactly("1.10.0", "1.9.0", "1.2.0");
    }

    @Test
    void freightIdIsAHashOfItsContent() {
        Artifact a = artifact("1.0.0", Instant.EPOCH);
        Artifact later = new Artifact(REPO, "1.0.0", a.digest(), "acme/books-api", "f".repeat(40), Instant.now());
        String id = FreightIdentity.id("books", "books", List.of(a));
        assertThat(id).hasSize(40).isEqualTo(FreightIdentity.id("books", "books", List.of(later)));
        assertThat(FreightIdentity.id("books", "books", List.of(artifact("1.0.1", Instant.EPOCH))))
                .isNotEqualTo(id);
        assertThat(FreightIdentity.id("other", "books", List.of(a))).isNotEqualTo(id);
        assertThat(FreightIdentity.alias(id)).matches("[a-z]+-[a-z]+").isEqualTo(FreightIdentity.alias(id));
    }

    static Artifact artifact(String tag, Instant publishedAt) {
        return new Artifact(REPO, tag, "sha256:" + "ab".repeat(32), null, null, publishedAt);
    }
}
