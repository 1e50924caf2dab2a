package io.gitopsflow.writer.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.validation.InvalidNameException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryFullNamesTest {

    @ParameterizedTest
    @CsvSource({
        "https://github.com/acme/gitops.git, acme/gitops",
        "https://github.com/acme/gitops, acme/gitops",
        "https://github.com/acme/gitops/, acme/gitops",
        "https://x-access-token@github.com/acme/gitops.git, acme/gitops",
        "git@github.com:acme/gitops.git, acme/gitops",
        "ssh://git@gitea.example.com:2222/acme/my_gitops.v2.git, acme/my_gitops.v2",
        "https://gitlab.example.com/acme/platform/gitops.git, acme/platform/gitops",
        "http://127.0.0.1:8080/git/acme/gitops.git, git/acme/gitops"
    })
    void takesThePathOfTheCloneUrl(String url, String fullName) {
        assertThat(RepositoryFullNames.fromCloneUrl(url)).isEqualTo(fullName);
    }

    @ParameterizedTest
    @CsvSource({
        "https://example.com/gitea/acme/gitops.git, gitea, acme/gitops",
        "http://127.0.0.1:8080/git/acme/gitops.git, /git/, acme/gitops"
    })
    void dropsTheHostsOwnPath(String url, String prefix, String fullName) {
        assertThat(RepositoryFullNames.fromCloneUrl(url, prefix)).isEqualTo(fullName);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/",
                "https://github.com/acme/../etc/passwd",
                "https://github.com/./gitops.git",
                "https://github.com/acme/git ops.git",
                "https://github.com/acme/%0aforged.git"
            })
    void refusesPathsNoHostWouldServe(String url) {
        assertThatThrownBy(() -> RepositoryFullNames.fromCloneUrl(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void ownerAndNameAreExactlyTwoSegments() {
        assertThat(RepositoryFullNames.requireOwnerAndName("acme/gitops")).containsExactly("acme", "gitops");
        assertThatThrownBy(() -> RepositoryFullNames.requireOwnerAndName("acme/platform/gitops"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("owner/name");
        assertThatThrownBy(() -> RepositoryFullNames.fromCloneUrl("https://example.com/other/acme/x.git", "gitea"))
                .hasMessageContaining("does not start with the host's path");
    }
}
