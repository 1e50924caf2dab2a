package io.gitopsflow.gateway.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.gitopsflow.events.CommitPushed.GitRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloneUrlPolicyTest {

    private final CloneUrlPolicy policy = new CloneUrlPolicy(Map.of(
            "github", List.of("github.com", "http://127.0.0.1/git"),
            "gitlab", List.of("gitlab.example.com:8443/gitlab", "http://127.0.0.1:41234/git"),
            "gitea", List.of()));

    @ParameterizedTest
    @CsvSource({
        "github, https://github.com/acme/books-api.git",
        "github, https://github.com/acme/books-api",
        "github, https://GitHub.com/acme/books-api.git",
        "github, http://127.0.0.1:41234/git/acme/books-api.git",
        "gitlab, https://gitlab.example.com:8443/gitlab/acme/books-api.git",
        "gitlab, http://127.0.0.1:41234/git/acme/books-api.git",
    })
    void acceptsTheRepositoryOnAHostConfiguredForItsProvider(String provider, String url) {
        assertThatCode(() -> policy.check(provider, new GitRepository("acme/books-api", url, null, null)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/srv/git/acme/books-api",
                "file:///srv/git/acme/books-api.git",
                "ssh://git@github.com/acme/books-api.git",
                "git://github.com/acme/books-api.git",
                "http://github.com/acme/books-api.git",
                "https://evil.example/acme/books-api.git",
                "https://github.com.evil.example/acme/books-api.git",
                "https://github.com/acme/gitops.git",
                "https://github.com/acme/books-api.git/../../acme/gitops.git",
                "https://github.com/acme/%62ooks-api.git",
                "https://user:token@github.com/acme/books-api.git",
                "https://github.com/acme/books-api.git?upload-pack=x",
                "https://github.com/other/acme/books-api.git",
                "https://127.0.0.1/git/acme/books-api.git",
                "http://127.0.0.1/acme/books-api.git",
                "not a url at all",
            })
    void refusesLocalPathsOtherSchemesHostsAndRepositories(String url) {
        assertThatThrownBy(() -> policy.check("github", new GitRepository("acme/books-api", url, null, null)))
                .asInstanceOf(type(RejectedWebhookException.class))
                .satisfies(e ->
                        org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(400))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
                        .startsWith("clone URL "));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:41235/git/acme/books-api.git",
                "https://127.0.0.1:41234/git/acme/books-api.git",
                "https://gitlab.example.com/gitlab/acme/books-api.git",
                "https://gitlab.example.com:8443/acme/books-api.git",
            })
    void anEntryWithAPortOrPathPrefixAllowsOnlyThatPortAndPrefix(String url) {
        assertThatThrownBy(() -> policy.check("gitlab", new GitRepository("acme/books-api", url, null, null)))
                .isInstanceOf(RejectedWebhookException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gitea", "bitbucket"})
    void refusesEveryPushOfAProviderWithoutConfiguredHosts(String provider) {
        assertThatThrownBy(() -> policy.check(
                        provider,
                        new GitRepository("acme/books-api", "https://gitea.com/acme/books-api.git", null, null)))
                .hasMessageContaining("gitops-flow.gateway.providers." + provider + ".clone-hosts");
    }
}
