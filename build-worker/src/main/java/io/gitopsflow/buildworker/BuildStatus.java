package io.gitopsflow.buildworker;

/**
 * Where a build stands. QUEUED waits for a slot (or, after a transient failure, for its next attempt); RUNNING is
 * claimed by an instance under a lease; SUCCEEDED and FAILED have a result to publish; SUPERSEDED was overtaken by a
 * newer commit of its branch before it ran.
 */
public enum BuildStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    SUPERSEDED;

    /** Whether a build in this status has a result to publish. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
