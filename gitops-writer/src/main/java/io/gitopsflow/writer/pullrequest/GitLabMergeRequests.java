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
public final class GitLabMergeRequests extends RestPullRequestHost<GitLabApi> {

    public GitLabMergeRequests() {
        super("gitlab", "GitLab", new Dialect("iid", "web_url", "description", 409), GitLabApi.class);
    }

    @Override
    Map<String, String> headers(String token) {
        return Map.of("PRIVATE-TOKEN", token, "Accept", "application/json");
    }

    @Override
    void checkRepository(String repositoryFullName) {
        ResourceNames.requireRepositoryFullName(repositoryFullName);
    }

    @Override
    Optional<JsonNode> findOpen(
            HostCalls<GitLabApi> calls,
            String repositoryFullName,
            String headBranch,
            String baseBranch,
            String action) {
        String project = project(repositoryFullName);
        JsonNode open = calls.call(api -> api.list(project, "opened", headBranch, baseBranch), action);
        return firstMatching(open, "/source_branch", headBranch, "/target_branch", baseBranch);
    }

    @Override
    JsonNode create(HostCalls<GitLabApi> calls, String repositoryFullName, Map<String, Object> body, String action) {
        String project = project(repositoryFullName);
        return calls.call(api -> api.create(project, body), action);
    }

    @Override
    void update(
            HostCalls<GitLabApi> calls,
            String repositoryFullName,
            long number,
            Map<String, Object> body,
            String action) {
        String project = project(repositoryFullName);
        calls.call(api -> api.update(project, number, body), action);
    }

    /** The project's path, checked and URL-encoded as GitLab wants it in the URL ({@code acme%2Fgitops}). */
    private static String project(String repositoryFullName) {
        ResourceNames.requireRepositoryFullName(repositoryFullName);
        return HostCalls.encode(repositoryFullName);
    }

    @Override
    Map<String, Object> createBody(String headBranch, String baseBranch, String title, String body) {
        return Map.of("source_branch", headBranch, "target_branch", baseBranch, "title", title, "description", body);
    }
}
