package io.gitopsflow.writer.git;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link GitOpsWorkspace#write} came to.
 *
 * @param <C> the applier's change type
 */
public sealed interface WriteResult<C> {

    /**
     * A new commit carrying the changes is on the remote branch.
     *
     * @param commit the new commit's SHA
     * @param branch the branch it was pushed to
     * @param changes what the applier changed in the attempt that was pushed
     * @param attempts how many attempts it took (1 without a concurrent update)
     */
    record Committed<C>(String commit, String branch, List<C> changes, int attempts) implements WriteResult<C> {
        public Committed {
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(branch, "branch");
            changes = List.copyOf(changes);
        }
    }

    /**
     * The branch already said what the applier would write; nothing was committed.
     *
     * @param commit the head that already holds the change
     * @param branch the branch whose head that is: the pull-request branch when it exists, else the base branch (in
     *     pull-request mode this tells "already in the open pull request" from "already on the base branch")
     */
    record NoChange<C>(String commit, String branch) implements WriteResult<C> {
        public NoChange {
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(branch, "branch");
        }
    }

    /**
     * Nothing was pushed.
     *
     * @param failure the kind of failure, which says whether a later retry can succeed
     * @param reason what went wrong, for people; never contains a credential
     * @param attempts how many attempts were made
     */
    record Failed<C>(WriteFailure failure, String reason, int attempts) implements WriteResult<C> {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
