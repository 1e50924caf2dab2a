package io.gitopsflow.promotion.api;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import java.time.OffsetDateTime;

/**
 * One promotion of a Freight into a stage and where its lifecycle stands.
 *
 * @param automatic started by auto-promotion rather than by a user
 * @param reason why it ended as it did, or the requester's reason while it runs
 * @param windowOverride started while a promotion window blocked it, by someone allowed to override
 * @param rollback an older Freight than the newest available: auto-promotion of the stage is held
 * @param writtenCommits the GitOps commits holding the change, comma separated
 * @param rollbackOf the promotion whose failed verification started this one, an automatic rollback; null otherwise
 */
public record PromotionSummary(
        String id,
        String pipeline,
        String stage,
        String freightId,
        PromotionPhase status,
        String requestedBy,
        boolean automatic,
        String reason,
        boolean windowOverride,
        boolean rollback,
        String writtenCommits,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        String rollbackOf) {

    public static PromotionSummary of(Promotion p) {
        return new PromotionSummary(
                p.id,
                p.pipeline,
                p.stage,
                p.freightId,
                p.status,
                p.requestedBy,
                p.automatic,
                p.reason,
                p.windowOverride,
                p.rollback,
                p.writtenCommits,
                p.createdAt,
                p.updatedAt,
                p.rollbackOf);
    }
}
