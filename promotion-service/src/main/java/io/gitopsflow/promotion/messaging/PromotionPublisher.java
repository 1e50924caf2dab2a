package io.gitopsflow.promotion.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.messaging.EventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** promotion-service's outgoing topics: promotion-requested (to gitops-writer), stage-promoted (to analysis). */
@ApplicationScoped
public class PromotionPublisher {

    private final EventPublisher publisher;
    private final MutinyEmitter<byte[]> promotionRequested;
    private final MutinyEmitter<byte[]> stagePromoted;

    public PromotionPublisher(
            EventPublisher publisher,
            @Channel("promotion-requested") MutinyEmitter<byte[]> promotionRequested,
            @Channel("stage-promoted") MutinyEmitter<byte[]> stagePromoted) {
        this.publisher = publisher;
        this.promotionRequested = promotionRequested;
        this.stagePromoted = stagePromoted;
    }

    /** Completes when Kafka acknowledged the request. */
    public Uni<Void> promotionRequested(PromotionRequested request, String correlationId) {
        return publisher
                .publish(promotionRequested, EventType.PROMOTION_REQUESTED, request, correlationId)
                .replaceWithVoid();
    }

    /** Completes when Kafka acknowledged the event. */
    public Uni<Void> stagePromoted(StagePromoted promoted, String correlationId) {
        return publisher
                .publish(stagePromoted, EventType.STAGE_PROMOTED, promoted, correlationId)
                .replaceWithVoid();
    }
}
