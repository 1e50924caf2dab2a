package io.gitopsflow.writer.pullrequest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Pull requests on Gitea (and Forgejo): {@code GET/POST /repos/{owner}/{repo}/pulls} below {@code /api/v1}, with
 * {@code Authorization: token ...}. Gitea's list has no head-branch filter, so the open pull requests are paged
 * through and matched on {@code head.ref} and {@code base.ref}.
 */
@Singleton
public final class GiteaPullRequests extends RestPullRequestHost<GiteaApi> {

    static final int PAGE_SIZE = 50;
    static final int MAX_PAGES = 20;

    public GiteaPullRequests() {
        super("gitea", "Gitea", new Dialect("number", "html_url", "body", 409), GiteaApi.class);
    }

    @Override
    Map<String, String> headers(String token) {
        return Map.of("Authorization", "token " + token, "Accept", "application/json");
    }

    @Override
    void checkRepository(String repositoryFullName) {
        RepositoryFullNames.requireOwnerAndName(repositoryFullName);
    }

    @Override
    Optional<JsonNode> findOpen(
            HostCalls<GiteaApi> calls, String repositoryFullName, String headBranch, String baseBranch, String action) {
        String[] repo = RepositoryFullNames.requireOwnerAndName(repositoryFullName);
        for (int page = 1; page <= MAX_PAGES; page++) {
            int current = page;
            JsonNode open = calls.call(api -> api.list(repo[0], repo[1], "open", current, PAGE_SIZE), action);
            Optional<JsonNode> match = firstMatching(open, "/head/ref", headBranch, "/base/ref", baseBranch);
            if (match.isPresent() || open.size() < PAGE_SIZE) {
                return match;
            }
        }
        // beyond 1000 open pull requests the create answers 409 if ours is among them, and the race path finds it
        return Optional.empty();
    }

    @Override
    JsonNode create(HostCalls<GiteaApi> calls, String repositoryFullName, Map<String, Object> body, String action) {
        String[] repo = RepositoryFullNames.requireOwnerAndName(repositoryFullName);
        return calls.call(api -> api.create(repo[0], repo[1], body), action);
    }

    @Override
    void update(
            HostCalls<GiteaApi> calls,
            String repositoryFullName,
            long number,
            Map<String, Object> body,
            String action) {
        String[] repo = RepositoryFullNames.requireOwnerAndName(repositoryFullName);
        calls.call(api -> api.update(repo[0], repo[1], number, body), action);
    }

    @Override
    Map<String, Object> createBody(String headBranch, String baseBranch, String title, String body) {
        return Map.of("head", headBranch, "base", baseBranch, "title", title, "body", body);
    }
}
