package io.gitopsflow.buildworker.chart;

/**
 * Packaging or pushing a Helm chart failed: the build fails at step {@code chart} with the reason, or, when the
 * registry was down ({@link #transientFailure()}), it is tried again later like an image push.
 */
public class ChartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    /** A fault of the chart or its Chart.yaml: the same commit fails the same way. */
    public ChartException(String message) {
        this(message, null, false);
    }

    public ChartException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** The registry could not be reached or answered 5xx: not the commit's fault. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
