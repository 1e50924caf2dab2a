package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * One promotion as the read model knows it, for the Promotion page: what it promotes where, its phases, its GitOps
 * writes with what they changed, the reviewers' decisions, its verifications metric by metric, and every event
 * recorded for it (the audit list).
 *
 * @param id the promotion id
 * @param pipeline the pipeline
 * @param stage the stage it promotes into
 * @param freight the Freight it promotes (images and createdAt null while the Freight itself was not seen)
 * @param commit the application commit the Freight follows, with message and author when its push was seen; or null
 * @param phase where it stands
 * @param since when it reached its phase, or null when only implied so far
 * @param reason why it is in its phase (a failure's message, a reviewer's comment), or null
 * @param rollback whether it promotes an older Freight than the stage ran
 * @param requestedBy who asked for it, or null when its creation was not seen yet
 * @param requestedAt when it was asked for, or null when its creation was not seen yet
 * @param writeRequestedAt when its first GitOps write was asked of gitops-writer, or null
 * @param promotedAt when the stage was first found written and healthy, or null
 * @param verifiedAt when it first succeeded after its verification, or null
 * @param finishedAt when it reached its final phase, or null while it runs
 * @param phases its phase changes, oldest first (creation, each move, a rejection)
 * @param writes its GitOps writes, oldest first, each with its latest answer
 * @param approvals who approved it, oldest first, with their comments
 * @param rejections who rejected it, oldest first, with their comments
 * @param verifications its analysis runs, oldest first
 * @param events every event recorded for it, oldest first
 */
public record PromotionDetail(
        String id,
        String pipeline,
        String stage,
        FreightSummary freight,
        FreightEntry.Commit commit,
        String phase,
        Instant since,
        String reason,
        boolean rollback,
        String requestedBy,
        Instant requestedAt,
        Instant writeRequestedAt,
        Instant promotedAt,
        Instant verifiedAt,
        Instant finishedAt,
        List<PhaseChange> phases,
        List<GitOpsWrite> writes,
        List<PendingApproval.Decision> approvals,
        List<PendingApproval.Decision> rejections,
        List<Verification> verifications,
        List<AuditEntry> events) {

    /**
     * A change of the promotion's phase.
     *
     * @param phase the phase it entered
     * @param previousPhase the phase it left, or null for its creation
     * @param at when
     * @param actor who made the change (a user, or promotion-service)
     * @param reason why, or null
     */
    public record PhaseChange(String phase, String previousPhase, Instant at, String actor, String reason) {}

    /**
     * One GitOps write of the promotion (manifest-updated), with its latest answer. The target and values are null for
     * answers projected before the console stored them (a replay fills them).
     *
     * @param requestId the write request
     * @param status committed, pr-opened, no-change or failed
     * @param commit the GitOps commit holding the change, or null when failed
     * @param repositoryUrl the GitOps repository's clone URL
     * @param branch the branch written (the base branch of a pull request)
     * @param path the file written, relative to the repository root
     * @param field the field set in it, or null (a plain manifest's containers matched by image)
     * @param previousValue the field's value before, or null when it was created
     * @param newValue the value written, or null when failed
     * @param pullRequestUrl the pull request, when pr-opened
     * @param failureReason why it failed, when failed
     * @param batchSize how many requests its commit carries
     * @param at when the write finished
     */
    public record GitOpsWrite(
            String requestId,
            String status,
            String commit,
            String repositoryUrl,
            String branch,
            String path,
            String field,
            String previousValue,
            String newValue,
            String pullRequestUrl,
            String failureReason,
            int batchSize,
            Instant at) {}

    /**
     * One analysis run of the promotion (analysis-completed).
     *
     * @param analysisRunId the run
     * @param phase Successful, Failed, Error or Inconclusive
     * @param message why it ended so
     * @param startedAt when it started
     * @param completedAt when it ended
     * @param metrics each metric's results
     */
    public record Verification(
            String analysisRunId,
            String phase,
            String message,
            Instant startedAt,
            Instant completedAt,
            List<Metric> metrics) {}

    /**
     * One metric of an analysis run, as analysis-service reported it.
     *
     * @param name the metric
     * @param phase its phase
     * @param count measurements taken
     * @param successful measurements assessed Successful
     * @param failed measurements assessed Failed
     * @param inconclusive measurements assessed Inconclusive
     * @param error measurements that errored
     * @param lastValue the last measured value as text, or null
     * @param message why it ended so, or null
     * @param dryRun whether it does not decide the outcome
     */
    public record Metric(
            String name,
            String phase,
            int count,
            int successful,
            int failed,
            int inconclusive,
            int error,
            String lastValue,
            String message,
            boolean dryRun) {}

    /**
     * One event recorded for the promotion.
     *
     * @param eventId its CloudEvent id
     * @param type its CloudEvent type
     * @param topic the topic it came on (the contract's short name, e.g. promotion-updated)
     * @param at when it happened (the event's own time)
     * @param change what a promotion-updated changed (created, phase-changed, approved, …); a manifest-updated's
     *     status; else null
     * @param phase the phase it names (the promotion's, or an analysis run's), or null
     * @param actor who acted (a promotion-updated's actor, a promotion-requested's requester), or null
     * @param reason its reason or message, or null
     */
    public record AuditEntry(
            String eventId,
            String type,
            String topic,
            Instant at,
            String change,
            String phase,
            String actor,
            String reason) {}
}
