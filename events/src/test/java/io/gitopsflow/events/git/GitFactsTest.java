package io.gitopsflow.events.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GitFactsTest {

    @Test
    void aTrailerIsFoundOnlyOnALineOfItsOwn() {
        String message = "promote app to prod\n\n" + CommitTrailers.line(CommitTrailers.PROMOTION_ID, "p-1") + "\n";
        assertThat(CommitTrailers.carries(message, CommitTrailers.PROMOTION_ID, "p-1"))
                .isTrue();
        assertThat(CommitTrailers.carries(message, CommitTrailers.PROMOTION_ID, "p"))
                .isFalse();
        assertThat(CommitTrailers.carries("see Promotion-Id: p-1 in the log", CommitTrailers.PROMOTION_ID, "p-1"))
                .isFalse();
        assertThat(CommitTrailers.carries(null, CommitTrailers.FREIGHT_ID, "f")).isFalse();
    }

    @Test
    void spellingsOfOneRepositoryAreTheSameRepository() {
        assertThat(RepositoryUrls.sameRepository("https://git.example/Org/App.git", "https://git.example/org/app/"))
                .isTrue();
        assertThat(RepositoryUrls.sameRepository("https://git.example/org/app", "https://git.example/org/app2"))
                .isFalse();
        assertThat(RepositoryUrls.sameRepository(null, "https://git.example/org/app"))
                .isFalse();
    }

    @Test
    void anAllowListEntryEndingInASlashAllowsWhatIsUnderIt() {
        assertThat(RepositoryUrls.allowedBy("https://git.example/org/app.git", "https://git.example/org/"))
                .isTrue();
        assertThat(RepositoryUrls.allowedBy("https://git.example/org/", "https://git.example/org/"))
                .isFalse();
        assertThat(RepositoryUrls.allowedBy("https://git.example/other/app", "https://git.example/org/"))
                .isFalse();
        assertThat(RepositoryUrls.allowedBy("https://git.example/org/app.git", "https://git.example/org/app"))
                .isTrue();
        assertThat(RepositoryUrls.allowedBy("https://git.example/org/app", "")).isFalse();
    }

    @Test
    void credentialsNeverPrintTheirToken() {
        assertThat(GitCredentials.token("s3cret").toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new GitCredentials("u", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
