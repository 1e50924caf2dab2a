package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.PromotionRepository;
import io.gitopsflow.console.repository.PromotionRepository.PromotionFacts;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A stage found written and healthy: when its promotion was promoted (the first time, a reverify promotes again). It
 * may arrive before any other word on the promotion, and then implies it is Verifying until its phase changes arrive.
 */
@ApplicationScoped
public class StagePromotedProjector implements Projector<StagePromoted> {

    private final PromotionRepository promotions;

    public StagePromotedProjector(PromotionRepository promotions) {
        this.promotions = promotions;
    }

    @Override
    public EventType<StagePromoted> type() {
        return EventType.STAGE_PROMOTED;
    }

    @Override
    public EventKeys keys(StagePromoted event) {
        return new EventKeys(
                event.promotedAt(),
                event.sourceCommit(),
                event.project(),
                event.stage(),
                event.promotionId(),
                event.freightId());
    }

    @Override
    public void project(EventEnvelope<StagePromoted> event, Connection connection) throws SQLException {
        StagePromoted promoted = event.data();
        PromotionFacts facts = new PromotionFacts(
                promoted.promotionId(),
                promoted.project(),
                promoted.stage(),
                promoted.freightId(),
                promoted.freightAlias(),
                promoted.sourceCommit(),
                false,
                null,
                null,
                null,
                promoted.promotedAt(),
                null);
        promotions.observe(connection, facts, PromotionPhases.implied(Phase.VERIFYING));
    }
}
