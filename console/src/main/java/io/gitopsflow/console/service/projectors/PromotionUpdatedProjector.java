package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.ApprovalRepository;
import io.gitopsflow.console.repository.PromotionRepository;
import io.gitopsflow.console.repository.PromotionRepository.PromotionFacts;
import io.gitopsflow.console.repository.StageHoldRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A decision of promotion-service about a promotion: its creation and phase changes move the promotion's phase (only
 * forward: {@link PromotionPhases}), approvals and rejections are recorded with their reviewer, holds set and
 * released change the stage's hold.
 */
@ApplicationScoped
public class PromotionUpdatedProjector implements Projector<PromotionUpdated> {

    private final PromotionRepository promotions;
    private final ApprovalRepository approvals;
    private final StageHoldRepository holds;

    public PromotionUpdatedProjector(
            PromotionRepository promotions, ApprovalRepository approvals, StageHoldRepository holds) {
        this.promotions = promotions;
        this.approvals = approvals;
        this.holds = holds;
    }

    @Override
    public EventType<PromotionUpdated> type() {
        return EventType.PROMOTION_UPDATED;
    }

    @Override
    public EventKeys keys(PromotionUpdated event) {
        return new EventKeys(
                event.updatedAt(),
                event.sourceCommit(),
                event.project(),
                event.stage(),
                event.promotionId(),
                event.freightId());
    }

    @Override
    public void project(EventEnvelope<PromotionUpdated> event, Connection connection) throws SQLException {
        PromotionUpdated update = event.data();
        boolean created = update.change() == Change.CREATED;
        PromotionFacts facts = new PromotionFacts(
                update.promotionId(),
                update.project(),
                update.stage(),
                update.freightId(),
                update.freightAlias(),
                update.sourceCommit(),
                update.rollback(),
                created ? update.updatedAt() : null,
                created ? update.actor() : null,
                null,
                null,
                PromotionPhases.verifiedAt(update));
        promotions.observe(connection, facts, PromotionPhases.of(update));
        switch (update.change()) {
            case APPROVED, REJECTED ->
                approvals.decided(
                        connection,
                        update.promotionId(),
                        update.actor(),
                        update.change() == Change.APPROVED ? "approved" : "rejected",
                        update.updatedAt(),
                        update.reason());
            case HOLD_SET, HOLD_RELEASED ->
                holds.changed(
                        connection,
                        update.project(),
                        update.stage(),
                        update.change() == Change.HOLD_SET,
                        update.actor(),
                        update.reason(),
                        update.updatedAt());
            default -> {
                // created, phase changes, window overrides and pull requests change only the promotion row
            }
        }
    }
}
