package io.gitopsflow.buildworker.builder;

import io.gitopsflow.buildworker.retry.TransientFailures;
import java.util.Optional;

/**
 * A build that cannot succeed as asked; the message is the {@code build-failed} reason. A transient one (the registry or
 * the cluster unreachable or failing for now) is tried again later instead.
 */
public class ImageBuildException extends RuntimeException {

    private final boolean transientFailure;
    private final String step;

    /** Transient when {@code cause} says the other side is unreachable or failing for now. */
    public ImageBuildException(String reason, Throwable cause) {
        this(reason, cause, TransientFailures.isTransient(cause));
    }

    public ImageBuildException(String reason, Throwable cause, boolean transientFailure) {
        this(reason, cause, transientFailure, null);
    }

    private ImageBuildException(String reason, Throwable cause, boolean transientFailure, String step) {
        super(reason, cause);
        this.transientFailure = transientFailure;
        this.step = step;
    }

    /**
     * A failure the commit has to fix, reported at {@code step} whatever the builder's usual step is: e.g. {@code
     * build} when the base image lacks a platform, though Jib's failures are mostly the push's.
     */
    public static ImageBuildException atStep(String step, String reason) {
        return new ImageBuildException(reason, null, false, step);
    }

    /** The step this failure is reported at, when it is not the builder's {@link ImageBuilder#failedStep()}. */
    public Optional<String> step() {
        return Optional.ofNullable(step);
    }

    /** Whether the build may succeed unchanged later: the failure was not the commit's. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
