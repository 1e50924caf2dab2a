package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Approval;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.repository.ApprovalRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reviewers decide on a pending promotion into a stage that needs approvals: each holder of the stage's role once,
 * never the requester. Enough approvals start the writing; one rejection ends it Rejected.
 */
@ApplicationScoped
public class PromotionReviews {

    /** The audit action of an approval. */
    static final String APPROVED = "approved";

    private final PipelineLookup pipelines;
    private final PromotionLookup promotions;
    private final ApprovalRepository approvals;
    private final PromotionTransitions transitions;
    private final RollbackHolds holds;
    private final AuditService audit;
    private final AutoPromotion auto;
    private final PromotionOutbox outbox;
    private final Transactions transactions;

    public PromotionReviews(
            PipelineLookup pipelines,
            PromotionLookup promotions,
            ApprovalRepository approvals,
            PromotionTransitions transitions,
            RollbackHolds holds,
            AuditService audit,
            AutoPromotion auto,
            PromotionOutbox outbox,
            Transactions transactions) {
        this.pipelines = pipelines;
        this.promotions = promotions;
        this.approvals = approvals;
        this.transitions = transitions;
        this.holds = holds;
        this.audit = audit;
        this.auto = auto;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** Approves; the approval that completes the count starts the writing. */
    public Uni<String> approve(String promotionId, Actor actor, String comment) {
        return decide(promotionId, actor, comment, Approval.APPROVED)
                .call(outbox::publishDecisions)
                .call(auto::advance);
    }

    /**
     * A reviewer with the stage's role refuses a pending promotion: it ends Rejected, nothing is written, the stage is
     * free for another promotion, and auto-promotion does not offer the same Freight to the stage again (a person may).
     */
    public Uni<String> reject(String promotionId, Actor actor, String comment) {
        return decide(promotionId, actor, comment, Approval.REJECTED).call(outbox::publishDecisions);
    }

    private Uni<String> decide(String promotionId, Actor actor, String comment, String decision) {
        return transactions.run(() -> promotions.find(promotionId).chain(promotion -> {
            requireReviewer(promotion, actor);
            return approvals.byPromotion(promotion.id).chain(existing -> {
                if (existing.stream().anyMatch(a -> a.approver.equals(actor.name()))) {
                    throw PromotionException.conflict(actor.name() + " already decided on promotion " + promotion.id);
                }
                // touching the promotion makes decisions on it serialize (its version): an approval that completes
                // the count and a rejection, or two instances deciding at once, never both pass on stale state
                promotion.updatedAt = UtcClock.now();
                return approvals
                        .persist(approval(promotion, actor, comment, decision))
                        .call(() -> record(promotion, actor, comment, decision))
                        .replaceWith(promotion.id);
            });
        }));
    }

    /** 409 unless the promotion is pending in a stage that needs approvals; 403 unless the actor may review it. */
    private void requireReviewer(Promotion promotion, Actor actor) {
        Stage stage = pipelines.stage(pipelines.pipeline(promotion.pipeline), promotion.stage);
        if (stage.approvals().required() == 0) {
            throw PromotionException.conflict("stage " + stage.name() + " needs no approvals");
        }
        if (promotion.status != PromotionPhase.PENDING) {
            throw PromotionException.conflict("promotion " + promotion.id + " is " + promotion.status
                    + ": only a pending promotion can be approved or rejected");
        }
        if (!actor.has(stage.approvals().role())) {
            throw PromotionException.forbidden(actor.name() + " does not hold role "
                    + stage.approvals().role() + " needed to approve or reject promotions into " + stage.name());
        }
        if (actor.name().equals(promotion.requestedBy)) {
            throw PromotionException.forbidden(
                    actor.name() + " requested promotion " + promotion.id + " and cannot approve or reject it");
        }
    }

    private Uni<Void> record(Promotion promotion, Actor actor, String comment, String decision) {
        if (!decision.equals(Approval.REJECTED)) {
            return audit.record(promotion, APPROVED, actor.name(), comment);
        }
        return transitions
                .finish(
                        promotion,
                        PromotionPhase.REJECTED,
                        actor.name(),
                        "rejected by " + actor.name() + (comment == null ? "" : ": " + comment))
                .call(() -> holds.ended(promotion, actor.name()));
    }

    private static Approval approval(Promotion promotion, Actor actor, String comment, String decision) {
        Approval approval = new Approval();
        approval.promotionId = promotion.id;
        approval.approver = actor.name();
        approval.decision = decision;
        approval.comment = comment;
        approval.decidedAt = UtcClock.now();
        return approval;
    }
}
