package io.gitopsflow.writer.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pull-request hosts are found by the name the configuration gives, and two may not share one. */
class PullRequestHostsTest {

    private final PullRequestHosts hosts =
            new PullRequestHosts(List.of(new GitHubPullRequests(), new GiteaPullRequests(), new GitLabMergeRequests()));

    @Test
    void eachHostIsFoundByItsNameInAnyCase() {
        assertThat(hosts.names()).containsExactlyInAnyOrder("github", "gitea", "gitlab");
        assertThat(hosts.get("github")).isInstanceOf(GitHubPullRequests.class);
        assertThat(hosts.get("GitLab").displayName()).isEqualTo("GitLab");
    }

    @Test
    void anUnknownNameNamesTheKnownOnes() {
        assertThatThrownBy(() -> hosts.get("bitbucket"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[gitea, github, gitlab]")
                .hasMessageContaining("bitbucket");
    }

    @Test
    void twoHostsWithOneNameAreRefused() {
        assertThatThrownBy(() -> new PullRequestHosts(List.of(new GitHubPullRequests(), new GitHubPullRequests())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("github");
    }
}
