package io.gitopsflow.promotion.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.messaging.EventReceiver;
import io.gitopsflow.promotion.service.FreightService;
import io.gitopsflow.promotion.service.PromotionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * promotion-service's incoming topics. Each record is acknowledged once its effect is stored; every handler is
 * idempotent (a redelivery changes nothing) and ignores what no longer applies (an answer to an aborted promotion).
 */
@ApplicationScoped
public class PromotionListener {

    private final EventReceiver receiver;
    private final FreightService freight;
    private final PromotionService promotions;

    public PromotionListener(EventReceiver receiver, FreightService freight, PromotionService promotions) {
        this.receiver = receiver;
        this.freight = freight;
        this.promotions = promotions;
    }

    @Incoming("image-published")
    public Uni<Void> onImagePublished(Message<byte[]> message) {
        return receiver.receive(message, EventType.IMAGE_PUBLISHED, freight::onImagePublished);
    }

    @Incoming("manifest-updated")
    public Uni<Void> onManifestUpdated(Message<byte[]> message) {
        return receiver.receive(message, EventType.MANIFEST_UPDATED, promotions::onManifestUpdated);
    }

    @Incoming("analysis-completed")
    public Uni<Void> onAnalysisCompleted(Message<byte[]> message) {
        return receiver.receive(message, EventType.ANALYSIS_COMPLETED, promotions::onAnalysisCompleted);
    }

    @Incoming("commit-pushed")
    public Uni<Void> onCommitPushed(Message<byte[]> message) {
        return receiver.receive(message, EventType.COMMIT_PUSHED, promotions::onCommitPushed);
    }
}
