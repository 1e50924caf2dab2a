package io.gitopsflow.buildworker.builder;

import io.gitopsflow.buildworker.retry.TransientFailures;

/**
 * A build that cannot succeed as asked; the message is the {@code build-failed} reason. A transient one (the registry or
 * the cluster unreachable or failing for now) is tried again later instead.
 */
public class ImageBuildException extends RuntimeException {

    private final boolean transientFailure;

    /** Transient when {@code cause} says the other side is unreachable or failing for now. */
    public ImageBuildException(String reason, Throwable cause) {
        this(reason, cause, TransientFailures.isTransient(cause));
    }

    public ImageBuildException(String reason, Throwable cause, boolean transientFailure) {
        super(reason, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether the build may succeed unchanged later: the failure was not the commit's. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
