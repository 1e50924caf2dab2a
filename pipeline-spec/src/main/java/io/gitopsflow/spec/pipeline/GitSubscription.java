package io.gitopsflow.spec.pipeline;

import java.util.List;

/**
 * A Warehouse's subscription to a branch of a Git repository (Kargo's {@code git} subscription), for
 * configuration-only changes: a push to the branch that changes an included path becomes part of Freight, the last
 * such push is newest.
 *
 * @param repositoryUrl the repository's clone URL
 * @param branch the branch followed
 * @param includePaths a push must change a file matching one of these; empty for any file
 * @param excludePaths files matching one of these do not count
 */
public record GitSubscription(
        String repositoryUrl, String branch, List<PathPattern> includePaths, List<PathPattern> excludePaths) {

    public GitSubscription {
        includePaths = List.copyOf(includePaths);
        excludePaths = List.copyOf(excludePaths);
    }

    /**
     * Whether a push that changed {@code changedFiles} counts: one of them is included (or nothing is listed as
     * included) and not excluded. A push that changed only excluded files, or only files outside the included paths,
     * does not.
     */
    public boolean counts(List<String> changedFiles) {
        return changedFiles.stream().anyMatch(this::counts);
    }

    private boolean counts(String file) {
        boolean included = includePaths.isEmpty() || includePaths.stream().anyMatch(p -> p.matches(file));
        return included && excludePaths.stream().noneMatch(p -> p.matches(file));
    }
}
