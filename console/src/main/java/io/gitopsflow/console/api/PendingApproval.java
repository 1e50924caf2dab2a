package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * A promotion that waits in phase Pending for reviewers to approve it.
 *
 * @param promotion the waiting promotion
 * @param requiredApprovals how many distinct approvers the stage requires; null when its definition is not known
 * @param approvedBy who approved so far, oldest first
 * @param rejected whether a reviewer refused it
 * @param rejectedBy who refused it, with their reason
 */
public record PendingApproval(
        PromotionSummary promotion,
        Integer requiredApprovals,
        List<Decision> approvedBy,
        boolean rejected,
        List<Decision> rejectedBy) {

    /**
     * One reviewer's decision.
     *
     * @param actor the reviewer
     * @param at when they decided
     * @param reason their comment, or null
     */
    public record Decision(String actor, Instant at, String reason) {}
}
