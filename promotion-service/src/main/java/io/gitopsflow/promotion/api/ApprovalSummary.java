package io.gitopsflow.promotion.api;

import io.gitopsflow.promotion.Approval;
import java.time.OffsetDateTime;

/** One reviewer's decision on a promotion: {@code APPROVED} or {@code REJECTED}. */
public record ApprovalSummary(
        Long id, String promotionId, String approver, String decision, String comment, OffsetDateTime decidedAt) {

    public static ApprovalSummary of(Approval a) {
        return new ApprovalSummary(a.id, a.promotionId, a.approver, a.decision, a.comment, a.decidedAt);
    }
}
