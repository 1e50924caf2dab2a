package io.gitopsflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BranchBuildTagTest {

    private static final String SHA = "3f2a1b9c4d5e6f708192a3b4c5d6e7f8091a2b3c";
    private static final String IMAGE = "registry.example.com/acme/books-api";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void writesTheTagsBuildWorkerWrites() {
        // the same cases as build-worker's ImageTagsTest: the format is one contract
        assertThat(BranchBuildTag.of("main", SHA, 12)).isEqualTo("main-3f2a1b9-12");
        assertThat(BranchBuildTag.of("feature/JIRA-12_x", SHA, 3)).isEqualTo("feature-jira-12_x-3f2a1b9-3");
        assertThat(BranchBuildTag.of(".hidden//Ünïcode--branch.", SHA, 1)).isEqualTo("hidden-n-code-branch-3f2a1b9-1");
        assertThat(BranchBuildTag.of("日本", SHA, 1)).isEqualTo("branch-3f2a1b9-1");
        assertThat(BranchBuildTag.of("feature/" + "a".repeat(200), SHA, 123))
                .hasSize(128)
                .startsWith("feature-aaaa")
                .endsWith("a-3f2a1b9-123");
        assertThat(BranchBuildTag.of("x".repeat(115) + "/b", SHA, 123)).isEqualTo("x".repeat(115) + "-3f2a1b9-123");
        assertThatThrownBy(() -> BranchBuildTag.of("main", SHA, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheBuildNumberOnlyFromTheBranchTagOfThatCommit() {
        assertThat(BranchBuildTag.buildNumber("main-3f2a1b9-12", "main", SHA)).hasValue(12);
        assertThat(BranchBuildTag.buildNumber("feature-jira-12_x-3f2a1b9-3", "feature/JIRA-12_x", SHA))
                .hasValue(3);
        String longBranch = "feature/" + "a".repeat(200);
        assertThat(BranchBuildTag.buildNumber(BranchBuildTag.of(longBranch, SHA, 123), longBranch, SHA))
                .hasValue(123);
        // another commit, another branch, no number, a leading zero, a number beyond a long, no tag at all
        assertThat(BranchBuildTag.buildNumber("main-ffffff1-12", "main", SHA)).isEmpty();
        assertThat(BranchBuildTag.buildNumber("main-3f2a1b9-12", "develop", SHA))
                .isEmpty();
        assertThat(BranchBuildTag.buildNumber("develop-main-3f2a1b9-12", "main", SHA))
                .isEmpty();
        assertThat(BranchBuildTag.buildNumber("main-3f2a1b9", "main", SHA)).isEmpty();
        assertThat(BranchBuildTag.buildNumber("main-3f2a1b9-012", "main", SHA)).isEmpty();
        assertThat(BranchBuildTag.buildNumber("main-3f2a1b9-" + "9".repeat(19), "main", SHA))
                .isEmpty();
        assertThat(BranchBuildTag.buildNumber("1.2.3", "main", SHA)).isEmpty();
        assertThat(BranchBuildTag.buildNumber(SHA, "main", SHA)).isEmpty();
        assertThat(BranchBuildTag.buildNumber("main-3f2a1b9-12", "main", "not-a-commit"))
                .isEmpty();
    }

    @Test
    void anImageBuildWorkerBuiltFromABranchKnowsItsBuildNumber() {
        assertThat(image(ImagePublished.Origin.BUILD_WORKER, "refs/heads/main", SHA, "main-3f2a1b9-12"))
                .hasValue(12);
        assertThat(image(
                        ImagePublished.Origin.BUILD_WORKER,
                        "refs/heads/feature/JIRA-12_x",
                        "feature-jira-12_x-3f2a1b9-3"))
                .hasValue(3);
    }

    @Test
    void otherImagesHaveNoBuildNumber() {
        // announced by a registry or from elsewhere: a tag of that form proves nothing
        assertThat(image(ImagePublished.Origin.REGISTRY, "refs/heads/main", "main-3f2a1b9-12"))
                .isEmpty();
        assertThat(image(ImagePublished.Origin.EXTERNAL, "refs/heads/main", "main-3f2a1b9-12"))
                .isEmpty();
        // a tag push, no ref, no branch tag of the commit
        assertThat(image(ImagePublished.Origin.BUILD_WORKER, "refs/tags/main", "main-3f2a1b9-12"))
                .isEmpty();
        assertThat(image(ImagePublished.Origin.BUILD_WORKER, null, "main-3f2a1b9-12"))
                .isEmpty();
        assertThat(image(ImagePublished.Origin.BUILD_WORKER, "refs/heads/main", "main-1111111-12"))
                .isEmpty();
        ImagePublished unknownSource = new ImagePublished(
                IMAGE,
                List.of("main-3f2a1b9-12"),
                DIGEST,
                null,
                null,
                ImagePublished.Origin.BUILD_WORKER,
                Instant.now(),
                null);
        assertThat(unknownSource.buildNumber()).isEmpty();
    }

    @Test
    void theBuildNumberIsNoFieldOfTheEvent() {
        String json = new String(
                EventCodec.encode(new ImagePublished(
                        IMAGE,
                        List.of(SHA, "main-3f2a1b9-12"),
                        DIGEST,
                        new SourceCommit("acme/books-api", null, SHA, "refs/heads/main"),
                        "b-1",
                        ImagePublished.Origin.BUILD_WORKER,
                        Instant.now(),
                        null)),
                StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("buildNumber").contains("main-3f2a1b9-12");
    }

    private static OptionalLong image(ImagePublished.Origin origin, String ref, String tag) {
        return image(origin, ref, SHA, tag);
    }

    private static OptionalLong image(ImagePublished.Origin origin, String ref, String commit, String tag) {
        return new ImagePublished(
                        IMAGE,
                        List.of(commit, tag),
                        DIGEST,
                        new SourceCommit("acme/books-api", null, commit, ref),
                        "b-1",
                        origin,
                        Instant.now(),
                        null)
                .buildNumber();
    }
}
