package io.gitopsflow.local.chaos;

import java.time.Instant;
import java.util.Objects;

/**
 * A push event-gateway accepted (answered 202): what the audit holds the flow to. The harness records one per accepted
 * webhook, so a push the gateway refused is never counted as lost.
 *
 * @param branch the pushed branch, e.g. {@code main}
 * @param commit the full SHA the branch was pushed to
 * @param acceptedAt when the gateway accepted it; a later push of the same branch supersedes an earlier one
 */
public record AcceptedPush(String branch, String commit, Instant acceptedAt) {

    public AcceptedPush {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }

    /** A push of {@code main} accepted now. */
    public static AcceptedPush ofMain(String commit) {
        return new AcceptedPush("main", commit, Instant.now());
    }

    /** Whether {@code other} is a later push of this push's branch. */
    boolean supersededBy(AcceptedPush other) {
        return branch.equals(other.branch) && other.acceptedAt.isAfter(acceptedAt) && !commit.equals(other.commit);
    }
}
