package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.writer.pullrequest.PullRequest;
import io.gitopsflow.writer.pullrequest.PullRequestException;
import io.gitopsflow.writer.pullrequest.PullRequestProvider;
import io.gitopsflow.writer.pullrequest.RepositoryFullNames;
import java.util.Optional;

/**
 * Opens the pull request of a pushed promotion branch, through the configured host (pull-request mode fails with a
 * reason when none is).
 */
public final class PullRequestOpener {

    private final Optional<PullRequestProvider> provider;
    private final String repositoryPathPrefix;

    /**
     * @param provider the configured host's client
     * @param repositoryPathPrefix the path the host serves repositories below, or empty
     */
    public PullRequestOpener(PullRequestProvider provider, String repositoryPathPrefix) {
        this(Optional.of(provider), repositoryPathPrefix);
    }

    private PullRequestOpener(Optional<PullRequestProvider> provider, String repositoryPathPrefix) {
        this.provider = provider;
        this.repositoryPathPrefix = repositoryPathPrefix;
    }

    /** No host configured: pull-request mode is refused. */
    public static PullRequestOpener none() {
        return new PullRequestOpener(Optional.empty(), "");
    }

    /** Whether a host is configured. */
    public boolean configured() {
        return provider.isPresent();
    }

    /**
     * Opens (or brings up to date) the pull request from {@code branch} into the target branch of {@code first}, the
     * first request of the batch, and answers its web page.
     *
     * @throws PullRequestException when the host refuses or fails
     * @throws IllegalArgumentException when the repository or a branch is not a valid name
     */
    public String open(PromotionRequested first, String branch) {
        String title = "Promote " + first.project() + "/" + first.stage() + " to freight "
                + (first.freightAlias() != null ? first.freightAlias() : first.freightId());
        return open(
                        first.target().repositoryUrl(),
                        branch,
                        first.target().branch(),
                        title,
                        "Opened by gitops-flow for promotion " + first.promotionId() + ".")
                .url();
    }

    /**
     * Opens (or finds and brings up to date) the pull request from {@code branch} into {@code baseBranch} of the
     * repository cloned from {@code repositoryUrl}; never a second one for the same branches.
     *
     * @throws PullRequestException when the host refuses or fails
     * @throws IllegalArgumentException when the repository or a branch is not a valid name
     */
    public PullRequest open(String repositoryUrl, String branch, String baseBranch, String title, String body) {
        return provider.orElseThrow(() -> new IllegalStateException("no pull request host is configured"))
                .openOrUpdate(
                        RepositoryFullNames.fromCloneUrl(repositoryUrl, repositoryPathPrefix),
                        branch,
                        baseBranch,
                        title,
                        body);
    }
}
