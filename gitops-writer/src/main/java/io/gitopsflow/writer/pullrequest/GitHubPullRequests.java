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
public final class GitHubPullRequests extends RestPullRequestHost {

    public GitHubPullRequests() {
        super("github", "GitHub", new Dialect("number", "html_url", "body", "PATCH", 422));
    }

    @Override
    Map<String, String> headers(String token) {
        return Map.of(
                "Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28");
    }

    @Override
    String pullsPath(String repositoryFullName) {
        String[] ownerAndName = RepositoryFullNames.requireOwnerAndName(repositoryFullName);
        return "/repos/" + ownerAndName[0] + "/" + ownerAndName[1] + "/pulls";
    }

    @Override
    Optional<JsonNode> findOpen(
            ProviderHttp http,
            String pullsPath,
            String repositoryFullName,
            String headBranch,
            String baseBranch,
            String action) {
        // GitHub filters by "owner:branch"; pull requests from forks never match our own branch
        String owner = repositoryFullName.substring(0, repositoryFullName.indexOf('/'));
        JsonNode open = http.get(
                pullsPath + "?state=open&head=" + ProviderHttp.encode(owner + ":" + headBranch) + "&base="
                        + ProviderHttp.encode(baseBranch) + "&per_page=100",
                action);
        return firstMatching(open, "/head/ref", headBranch, "/base/ref", baseBranch);
    }

    @Override
    Map<String, Object> createBody(String headBranch, String baseBranch, String title, String body) {
        return Map.of("title", title, "head", headBranch, "base", baseBranch, "body", body);
    }
}
