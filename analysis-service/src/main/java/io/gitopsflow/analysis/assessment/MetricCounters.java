package io.gitopsflow.analysis.assessment;

import io.gitopsflow.events.AnalysisCompleted.Phase;

/**
 * A metric's measurement counters, kept as Argo keeps them: errors do not count towards {@code count}, any completed
 * non-error measurement resets the consecutive errors, and only successes extend the consecutive successes.
 */
public record MetricCounters(
        int measurements,
        int count,
        int successful,
        int failed,
        int inconclusive,
        int error,
        int consecutiveError,
        int consecutiveSuccess) {

    public static final MetricCounters NONE = new MetricCounters(0, 0, 0, 0, 0, 0, 0, 0);

    /** The counters after one more measurement in {@code phase}. */
    public MetricCounters after(Phase phase) {
        return switch (phase) {
            case SUCCESSFUL ->
                new MetricCounters(
                        measurements + 1,
                        count + 1,
                        successful + 1,
                        failed,
                        inconclusive,
                        error,
                        0,
                        consecutiveSuccess + 1);
            case FAILED ->
                new MetricCounters(measurements + 1, count + 1, successful, failed + 1, inconclusive, error, 0, 0);
            case INCONCLUSIVE ->
                new MetricCounters(measurements + 1, count + 1, successful, failed, inconclusive + 1, error, 0, 0);
            case ERROR ->
                new MetricCounters(
                        measurements + 1,
                        count,
                        successful,
                        failed,
                        inconclusive,
                        error + 1,
                        consecutiveError + 1,
                        consecutiveSuccess);
            default -> throw new IllegalArgumentException("a measurement ends " + phase + "?");
        };
    }
}
