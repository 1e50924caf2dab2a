package io.gitopsflow.writer.pullrequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.validation.ResourceNames;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Merge requests on GitLab: {@code GET/POST /projects/{url-encoded path}/merge_requests} below {@code /api/v4}, with a
 * {@code PRIVATE-TOKEN} header; the project path may have subgroups ({@code group/sub/project}).
 */
@Singleton
public final class GitLabMergeRequests extends RestPullRequestHost {

    public GitLabMergeRequests() {
        super("gitlab", "GitLab", new Dialect("iid", "web_url", "description", "PUT", 409));
    }

    @Override
    Map<String, String> headers(String token) {
        return Map.of("PRIVATE-TOKEN", token, "Accept", "application/json");
    }

    @Override
    String pullsPath(String repositoryFullName) {
        ResourceNames.requireRepositoryFullName(repositoryFullName);
        return "/projects/" + ProviderHttp.encode(repositoryFullName) + "/merge_requests";
    }

    @Override
    Optional<JsonNode> findOpen(
            ProviderHttp http,
            String pullsPath,
            String repositoryFullName,
            String headBranch,
            String baseBranch,
            String action) {
        JsonNode open = http.get(
                pullsPath + "?state=opened&source_branch=" + ProviderHttp.encode(headBranch) + "&target_branch="
                        + ProviderHttp.encode(baseBranch),
                action);
        return firstMatching(open, "/source_branch", headBranch, "/target_branch", baseBranch);
    }

    @Override
    Map<String, Object> createBody(String headBranch, String baseBranch, String title, String body) {
        return Map.of("source_branch", headBranch, "target_branch", baseBranch, "title", title, "description", body);
    }
}
