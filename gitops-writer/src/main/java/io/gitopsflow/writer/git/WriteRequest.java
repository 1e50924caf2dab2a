package io.gitopsflow.writer.git;

import java.util.Objects;

/**
 * One commit to make: apply changes on top of a branch and push them there.
 *
 * <p>Push mode writes to the branch itself ({@code branch} equals {@code baseBranch}). Pull-request mode writes to its
 * own {@code branch}, which starts from {@code baseBranch} the first time and from its own remote head afterwards, so
 * updating an open pull request is a fast-forward like any other write.
 *
 * @param repositoryUrl the clone URL (http or https, without credentials: those come from {@link RepositoryCredentials})
 * @param branch the branch to push to
 * @param baseBranch the branch a new {@code branch} starts from; the same as {@code branch} in push mode
 * @param applier edits the work tree; runs again on every retry
 * @param message the commit message for the changes the applier made
 * @param author the commit author
 * @param committer the committer
 * @param knownHead the branch's head as the caller last knew it to be pushed (the shared queue records the commit of
 *     each write), or null: when the local clone's fetched head is this commit, the write builds on it without
 *     fetching first; the push, never forced, still names it, so a branch moved since is rejected, fetched and
 *     re-applied, and a write that finds nothing to change fetches to be sure
 * @param <C> the applier's change type
 */
public record WriteRequest<C>(
        String repositoryUrl,
        String branch,
        String baseBranch,
        Applier<C> applier,
        CommitMessage<C> message,
        GitIdentity author,
        GitIdentity committer,
        String knownHead) {

    public WriteRequest {
        Objects.requireNonNull(repositoryUrl, "repositoryUrl");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(baseBranch, "baseBranch");
        Objects.requireNonNull(applier, "applier");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committer, "committer");
    }

    /** Push mode: commit on top of {@code branch} and push to it. */
    public static <C> WriteRequest<C> toBranch(
            String repositoryUrl,
            String branch,
            Applier<C> applier,
            CommitMessage<C> message,
            GitIdentity author,
            GitIdentity committer) {
        return new WriteRequest<>(repositoryUrl, branch, branch, applier, message, author, committer, null);
    }

    /** Pull-request mode: commit on {@code pullRequestBranch} (created from {@code baseBranch} when missing). */
    public static <C> WriteRequest<C> toPullRequestBranch(
            String repositoryUrl,
            String pullRequestBranch,
            String baseBranch,
            Applier<C> applier,
            CommitMessage<C> message,
            GitIdentity author,
            GitIdentity committer) {
        return new WriteRequest<>(
                repositoryUrl, pullRequestBranch, baseBranch, applier, message, author, committer, null);
    }

    /** This request, built on {@code head} without a fetch when the local clone's fetched head is that commit. */
    public WriteRequest<C> withKnownHead(String head) {
        return new WriteRequest<>(repositoryUrl, branch, baseBranch, applier, message, author, committer, head);
    }

    /** Whether this writes to a branch of its own rather than to the base branch. */
    public boolean pullRequestMode() {
        return !branch.equals(baseBranch);
    }
}
