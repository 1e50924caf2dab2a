package io.gitopsflow.writer.pullrequest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Pull requests on GitHub and GitHub Enterprise: {@code GET/POST /repos/{owner}/{repo}/pulls}, a Bearer token and the
 * {@code application/vnd.github+json} media type.
 */
@Singleton
public final class GitHubPullRequests extends RestPullRequestHost<GitHubApi> {

    public GitHubPullRequests() {
        super("github", "GitHub", new Dialect("number", "html_url", "body", 422), GitHubApi.class);
    }

    @Override
    Map<String, String> headers(String token) {
        return Map.of(
                "Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28");
    }

    @Override
    void checkRepository(String repositoryFullName) {
        RepositoryFullNames.requireOwnerAndName(repositoryFullName);
    }

    @Override
    Optional<JsonNode> findOpen(
            HostCalls<GitHubApi> calls,
            String repositoryFullName,
            String headBranch,
            String baseBranch,
            String action) {
        // GitHub filters by "owner:branch"; pull requests from forks never match our own branch
        String[] repo = RepositoryFullNames.requireOwnerAndName(repositoryFullName);
        JsonNode open = calls.call(
                api -> api.list(repo[0], repo[1], "open", repo[0] + ":" + headBranch, baseBranch, 100), action);
        return firstMatching(open, "/head/ref", headBranch, "/base/ref", baseBranch);
    }

    @Override
    JsonNode create(HostCalls<GitHubApi> calls, String repositoryFullName, Map<String, Object> body, String action) {
        String[] repo = RepositoryFullNames.requireOwnerAndName(repositoryFullName);
        return calls.call(api -> api.create(repo[0], repo[1], body), action);
    }

    @Override
    void update(
            HostCalls<GitHubApi> calls,
            String repositoryFullName,
            long number,
            Map<String, Object> body,
            String action) {
        String[] repo = RepositoryFullNames.requireOwnerAndName(repositoryFullName);
        calls.call(api -> api.update(repo[0], repo[1], number, body), action);
    }

    @Override
    Map<String, Object> createBody(String headBranch, String baseBranch, String title, String body) {
        return Map.of("title", title, "head", headBranch, "base", baseBranch, "body", body);
    }
}
