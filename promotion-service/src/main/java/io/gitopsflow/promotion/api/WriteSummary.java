package io.gitopsflow.promotion.api;

import io.gitopsflow.promotion.PromotionWrite;

/**
 * One GitOps target's write of a promotion and gitops-writer's answer.
 *
 * @param requestId the promotion-requested's id, gitops-writer's idempotency key
 * @param commit the written commit; in pull-request mode first the pull request's head, then the merge commit
 * @param reason why it failed, or the pull request's URL
 */
public record WriteSummary(
        String requestId,
        String promotionId,
        int targetIndex,
        PromotionWrite.Status status,
        String commit,
        String reason) {

    public static WriteSummary of(PromotionWrite w) {
        return new WriteSummary(w.requestId, w.promotionId, w.targetIndex, w.status, w.commit, w.reason);
    }
}
