package io.gitopsflow.events;

import io.gitopsflow.events.validation.GitRefNames;

/**
 * One Git commit artifact: a commit of a branch a Warehouse subscribes to (Kargo's Freight {@code commits}).
 *
 * @param repositoryUrl the repository's clone URL
 * @param branch the branch the commit was pushed to
 * @param id the commit's full SHA
 * @param message the commit message's first line, or null when unknown
 */
public record GitCommitRef(String repositoryUrl, String branch, String id, String message) {

    public GitCommitRef {
        Require.text(repositoryUrl, "commit.repositoryUrl");
        GitRefNames.requireBranchName(Require.text(branch, "commit.branch"));
        Require.gitSha(id, "commit.id");
    }

    /** The commit's short SHA, seven characters. */
    public String shortId() {
        return id.substring(0, 7);
    }
}
