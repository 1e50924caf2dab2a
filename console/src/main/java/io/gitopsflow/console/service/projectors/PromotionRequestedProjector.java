package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.PromotionRepository;
import io.gitopsflow.console.repository.PromotionRepository.PromotionFacts;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A write of a promotion asked of gitops-writer: when the promotion was requested (its first request, for a stage with
 * several targets). It implies the promotion is Writing, until its own phase changes say more.
 */
@ApplicationScoped
public class PromotionRequestedProjector implements Projector<PromotionRequested> {

    private final PromotionRepository promotions;

    public PromotionRequestedProjector(PromotionRepository promotions) {
        this.promotions = promotions;
    }

    @Override
    public EventType<PromotionRequested> type() {
        return EventType.PROMOTION_REQUESTED;
    }

    @Override
    public EventKeys keys(PromotionRequested event) {
        return new EventKeys(
                event.requestedAt(),
                event.sourceCommit(),
                event.project(),
                event.stage(),
                event.promotionId(),
                event.freightId());
    }

    @Override
    public void project(EventEnvelope<PromotionRequested> event, Connection connection) throws SQLException {
        PromotionRequested request = event.data();
        PromotionFacts facts = new PromotionFacts(
                request.promotionId(),
                request.project(),
                request.stage(),
                request.freightId(),
                request.freightAlias(),
                request.sourceCommit(),
                false,
                null,
                null,
                request.requestedAt(),
                null,
                null);
        promotions.observe(connection, facts, PromotionPhases.implied(Phase.WRITING));
    }
}
