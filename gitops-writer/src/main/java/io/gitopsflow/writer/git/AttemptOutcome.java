package io.gitopsflow.writer.git;

import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;

/**
 * How one write attempt ended: a result, or a push the host rejected, which {@link PushWithRetry} answers with another
 * attempt.
 */
record AttemptOutcome<C>(WriteResult<C> result, Rejection rejection) {

    static <C> AttemptOutcome<C> done(WriteResult<C> result) {
        return new AttemptOutcome<>(result, null);
    }

    static <C> AttemptOutcome<C> rejected(Rejection rejection) {
        return new AttemptOutcome<>(null, rejection);
    }

    /**
     * A push the host rejected, the remote head it was built on, and how often in a row the host refused a push on
     * that same head (a concurrent writer whose own push failed can make one refusal look like the host's own).
     *
     * @param concurrentUpdate the host said another writer moved the branch (non-fast-forward, remote changed)
     */
    record Rejection(boolean concurrentUpdate, ObjectId remoteHead, String message, int refusals) {

        /**
         * The refusals in a row on {@code branchHead}, the head the next attempt found: they count only while the
         * branch did not move, so the host refused the push itself (a protected branch, a hook).
         */
        int refusalsOn(ObjectId branchHead) {
            return !concurrentUpdate && Objects.equals(remoteHead, branchHead) ? refusals : 0;
        }
    }
}
