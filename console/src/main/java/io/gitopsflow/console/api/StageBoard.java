package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * One stage on a pipeline's board.
 *
 * @param name the stage
 * @param declared whether the pipeline's definition declares it (false: only seen in promotions)
 * @param upstream the stages its Freight must be verified in first; empty when it takes Freight from the Warehouse
 * @param fromWarehouse whether it takes Freight straight from the Warehouse
 * @param autoPromotion whether the newest available Freight is promoted without being asked
 * @param requiredApprovals how many distinct approvers a promotion needs (0: none)
 * @param approverRole the role an approver must hold, or null
 * @param soakSeconds how long Freight must have been verified upstream before it is available here
 * @param current the Freight running there: its last Succeeded promotion; null when none succeeded yet
 * @param latestPromotion its newest promotion, whatever its phase; null when none
 * @param healthGate the Argo CD Application that gates it, or null
 * @param analysisTemplates the AnalysisTemplates it is verified with
 * @param verification the latest verification of the current promotion, or null
 * @param windows when promotions may start (allow) or may not (deny); empty for always
 * @param hold whether its auto-promotion is held, by whom and why
 * @param pendingApprovals its promotions waiting for approvals, oldest first
 */
public record StageBoard(
        String name,
        boolean declared,
        List<String> upstream,
        boolean fromWarehouse,
        boolean autoPromotion,
        int requiredApprovals,
        String approverRole,
        long soakSeconds,
        Current current,
        PromotionSummary latestPromotion,
        HealthGate healthGate,
        List<String> analysisTemplates,
        Verification verification,
        List<Window> windows,
        Hold hold,
        List<PendingApproval> pendingApprovals) {

    /**
     * The Freight a stage runs.
     *
     * @param promotionId the promotion that brought it
     * @param since when that promotion succeeded
     * @param freight the Freight
     */
    public record Current(String promotionId, Instant since, FreightSummary freight) {}

    /**
     * The Argo CD Application that must be synced and Healthy.
     *
     * @param namespace its namespace
     * @param name its name
     * @param timeoutSeconds how long a promotion waits for it
     */
    public record HealthGate(String namespace, String name, long timeoutSeconds) {}

    /**
     * A verification (analysis run) of a promotion.
     *
     * @param analysisRunId the run
     * @param promotionId the promotion it verified
     * @param phase its verdict (Successful, Failed, Error, Inconclusive)
     * @param message its message, or null
     * @param completedAt when it completed
     */
    public record Verification(
            String analysisRunId, String promotionId, String phase, String message, Instant completedAt) {}

    /**
     * A period in which promotions may start (allow) or may not (deny).
     *
     * @param kind allow or deny
     * @param schedule the cron expression that opens it
     * @param durationSeconds how long it stays open after each opening
     * @param timeZone the time zone the schedule is read in
     */
    public record Window(String kind, String schedule, long durationSeconds, String timeZone) {}

    /**
     * A stage's auto-promotion hold.
     *
     * @param held whether auto-promotion is held
     * @param by who set or released it last, or null when never
     * @param reason why, or null
     * @param since when it was set or released last, or null when never
     */
    public record Hold(boolean held, String by, String reason, Instant since) {

        /** A stage nobody ever held. */
        public static final Hold NONE = new Hold(false, null, null, null);
    }
}
