package io.gitopsflow.buildworker.tags;

import static io.gitopsflow.events.CommitPushed.RefType.BRANCH;
import static io.gitopsflow.events.CommitPushed.RefType.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.validation.InvalidNameException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageTagsTest {

    private static final String SHA = "3f2a1b9c4d5e6f708192a3b4c5d6e7f8091a2b3c";

    @Test
    void tagsAMainBuildLikeSeed003() {
        assertThat(ImageTags.forCommit(SHA, BRANCH, "main", 12, List.of())).containsExactly(SHA, "main-3f2a1b9-12");
    }

    @Test
    void makesBranchNamesTagSafe() {
        assertThat(ImageTags.forCommit(SHA, BRANCH, "feature/JIRA-12_x", 3, List.of()))
                .containsExactly(SHA, "feature-jira-12_x-3f2a1b9-3");
        assertThat(ImageTags.forCommit(SHA, BRANCH, ".hidden//Ünïcode--branch.", 1, null))
                .containsExactly(SHA, "hidden-n-code-branch-3f2a1b9-1");
        assertThat(ImageTags.forCommit(SHA, BRANCH, "日本", 1, null)).containsExactly(SHA, "branch-3f2a1b9-1");
    }

    @Test
    void tagsASemverReleaseWithoutTheV() {
        assertThat(ImageTags.forCommit(SHA, TAG, "v1.2.3", 0, List.of())).containsExactly(SHA, "1.2.3");
    }

    @Test
    void keepsThePreReleaseAndDropsBuildMetadata() {
        assertThat(ImageTags.forCommit(SHA, TAG, "v2.0.0-rc.1+build.5", 0, List.of()))
                .containsExactly(SHA, "2.0.0-rc.1");
    }

    @Test
    void usesOtherTagNamesAsTheyAreWhenValid() {
        assertThat(ImageTags.forCommit(SHA, TAG, "release-2024.06", 0, List.of()))
                .containsExactly(SHA, "release-2024.06");
        assertThat(ImageTags.forCommit(SHA, TAG, "v1.2", 0, List.of())).containsExactly(SHA, "v1.2");
        // not a valid image tag: only the SHA
        assertThat(ImageTags.forCommit(SHA, TAG, "release/2024", 0, List.of())).containsExactly(SHA);
    }

    @Test
    void appendsExtraTagsWithoutDuplicates() {
        assertThat(ImageTags.forCommit(SHA.toUpperCase(), TAG, "v1.2.3", 0, List.of("latest", "1.2.3", SHA, "latest")))
                .containsExactly(SHA, "1.2.3", "latest");
    }

    @Test
    void shortensLongBranchNamesTo128Characters() {
        String branch = "feature/" + "a".repeat(200);

        List<String> tags = ImageTags.forCommit(SHA, BRANCH, branch, 123, List.of());

        assertThat(tags.get(1)).hasSize(128).startsWith("feature-aaaa").endsWith("a-3f2a1b9-123");
        // the cut lands after the separator, which is trimmed
        assertThat(ImageTags.forCommit(SHA, BRANCH, "x".repeat(115) + "/b", 123, List.of())
                        .get(1))
                .isEqualTo("x".repeat(115) + "-3f2a1b9-123");
    }

    @Test
    void refusesInvalidInput() {
        assertThatThrownBy(() -> ImageTags.forCommit("3f2a1b9", BRANCH, "main", 1, List.of()))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("commit SHA");
        assertThatThrownBy(() -> ImageTags.forCommit(SHA, BRANCH, "main", 1, List.of("bad tag")))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("image tag");
        assertThatThrownBy(() -> ImageTags.forCommit(SHA, BRANCH, "main", 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
