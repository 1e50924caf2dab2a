package io.gitopsflow.writer.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.git.GitCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryCredentialsTest {

    private static final GitCredentials DEFAULT = GitCredentials.token("default-token");
    private static final GitCredentials ACME = GitCredentials.token("acme-token");
    private static final GitCredentials GITOPS = new GitCredentials("bot", "gitops-token");

    private final RepositoryCredentials credentials = new RepositoryCredentials(
            DEFAULT,
            Map.of(
                    "https://github.com/acme", ACME,
                    "https://github.com/acme/gitops.git", GITOPS));

    @Test
    void theLongestPrefixWinsAndTheDefaultCoversTheRest() {
        assertThat(credentials.forUrl("https://github.com/acme/gitops.git")).contains(GITOPS);
        assertThat(credentials.forUrl("https://github.com/acme/other.git")).contains(ACME);
        assertThat(credentials.forUrl("https://gitlab.com/acme/gitops.git")).contains(DEFAULT);
        assertThat(RepositoryCredentials.none().forUrl("https://github.com/acme/x.git"))
                .isEmpty();
    }

    @Test
    void aPrefixMatchesAtAPathBoundaryOnly() {
        assertThat(credentials.forUrl("https://github.com/acme-evil/gitops.git"))
                .contains(DEFAULT);
        assertThat(credentials.forUrl("https://github.com/acme/gitops.git-fork"))
                .contains(ACME);
    }

    @Test
    void printsNoToken() {
        assertThat(credentials.toString()).doesNotContain("token\"").doesNotContain("acme-token");
        assertThat(GITOPS.toString()).isEqualTo("GitCredentials[username=bot, token=***]");
    }
}
