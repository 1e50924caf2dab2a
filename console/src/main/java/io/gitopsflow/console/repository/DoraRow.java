package io.gitopsflow.console.repository;

/**
 * The DORA figures of one stage, or of a pipeline's last stages together, over one window, as the query counts them;
 * the service turns them into the answer (ratios, per day).
 *
 * @param stage the stage, or null for the pipeline's last stages together
 * @param deployments promotions into it that reached Succeeded
 * @param leadTimeSamples deployments whose change's lead time was measured
 * @param leadTimeFromFreight of those, the ones measured from the Freight's creation (commit time unknown)
 * @param leadTimeP50 the median lead time in seconds, or null without a sample
 * @param leadTimeP90 the 90th percentile lead time in seconds, or null without a sample
 * @param verificationFailures promotions into it that failed after they were written
 * @param rollbacks deployments a later rollback promotion replaced
 * @param restored failures followed by a deployment into the stage
 * @param timeToRestoreMedian the median seconds from a failure to that deployment, or null when none was restored
 */
public record DoraRow(
        String stage,
        long deployments,
        long leadTimeSamples,
        long leadTimeFromFreight,
        Double leadTimeP50,
        Double leadTimeP90,
        long verificationFailures,
        long rollbacks,
        long restored,
        Double timeToRestoreMedian) {

    /** A stage without any of it in the window. */
    public static DoraRow empty(String stage) {
        return new DoraRow(stage, 0, 0, 0, null, null, 0, 0, 0, null);
    }
}
