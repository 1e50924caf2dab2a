package io.gitopsflow.writer.pullrequest;

/**
 * Opens pull requests (merge requests on GitLab) through a Git host's REST API, at the address and with the token it
 * was connected with ({@link PullRequestHost#connect}).
 */
public interface PullRequestProvider {

    /**
     * Opens a pull request from {@code headBranch} into {@code baseBranch}, or finds the one already open for them and
     * brings its title and body up to date; never opens a second one. The branch must have been pushed first.
     *
     * @param repositoryFullName the repository on the host, e.g. {@code acme/gitops} (see {@link RepositoryFullNames})
     * @param headBranch the branch with the change, e.g. {@code gitops-flow/staging/<freight>}
     * @param baseBranch the branch to merge into
     * @param title one line
     * @param body the description (Markdown)
     * @throws PullRequestException when the host refuses or fails; {@link PullRequestException#retryable()} tells a
     *     passing failure from one that needs a person
     */
    PullRequest openOrUpdate(
            String repositoryFullName, String headBranch, String baseBranch, String title, String body);
}
