package io.gitopsflow.console.api;

/**
 * The four DORA keys of a stage (or of a pipeline's last stages) over a window, each with the counts it comes from so
 * a reader can tell a figure of one sample from one of a hundred.
 *
 * @param deploymentFrequency how often a change was deployed
 * @param leadTime how long a change took from its commit to being verified there
 * @param changeFailureRate what share of the changes written there failed
 * @param timeToRestore how long a failure lasted until the next verified promotion there
 */
public record DoraFigures(
        DeploymentFrequency deploymentFrequency,
        LeadTime leadTime,
        ChangeFailureRate changeFailureRate,
        TimeToRestore timeToRestore) {

    /**
     * Deployments: promotions that reached Succeeded.
     *
     * @param deployments how many in the window
     * @param perDay deployments divided by the window's days
     */
    public record DeploymentFrequency(long deployments, double perDay) {}

    /**
     * Lead time for changes, over the first deployment of each Freight that is not a rollback.
     *
     * @param p50Seconds the median, in seconds; null without a sample
     * @param p90Seconds the 90th percentile (continuous), in seconds; null without a sample
     * @param samples how many deployments were measured
     * @param fromFreightCreation of those, how many were measured from the Freight's creation (commit time unknown)
     */
    public record LeadTime(Double p50Seconds, Double p90Seconds, long samples, long fromFreightCreation) {}

    /**
     * Change failure rate.
     *
     * @param ratio failures over changes written (0 to 1); null when nothing was written
     * @param failures verification failures and rolled-back deployments
     * @param verificationFailures promotions that failed after they were written
     * @param rollbacks deployments a later rollback promotion replaced
     * @param changes changes written: deployments and verification failures
     */
    public record ChangeFailureRate(
            Double ratio, long failures, long verificationFailures, long rollbacks, long changes) {}

    /**
     * Time to restore.
     *
     * @param medianSeconds the median seconds from a failure to the next deployment; null when none was restored
     * @param restored failures followed by a deployment
     * @param unrestored failures not followed by one yet
     */
    public record TimeToRestore(Double medianSeconds, long restored, long unrestored) {}
}
