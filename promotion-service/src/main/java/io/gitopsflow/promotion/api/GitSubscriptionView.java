package io.gitopsflow.promotion.api;

import io.gitopsflow.spec.pipeline.GitSubscription;
import io.gitopsflow.spec.pipeline.PathPattern;
import java.util.List;

/**
 * A Warehouse's Git branch subscription as the API shows it, with its paths as the pipeline file writes them, so a
 * reader sees which pushes can make Freight.
 *
 * @param repositoryUrl the repository's clone URL
 * @param branch the branch followed
 * @param includePaths a push must change a file matching one of these; empty for any file
 * @param excludePaths files matching one of these do not count
 */
public record GitSubscriptionView(
        String repositoryUrl, String branch, List<String> includePaths, List<String> excludePaths) {

    public static GitSubscriptionView of(GitSubscription git) {
        return new GitSubscriptionView(
                git.repositoryUrl(),
                git.branch(),
                git.includePaths().stream().map(PathPattern::source).toList(),
                git.excludePaths().stream().map(PathPattern::source).toList());
    }
}
