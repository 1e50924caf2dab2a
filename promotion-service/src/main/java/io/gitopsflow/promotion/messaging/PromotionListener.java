package io.gitopsflow.promotion.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.messaging.EventReceiver;
import io.gitopsflow.promotion.service.AnalysisCompletedHandler;
import io.gitopsflow.promotion.service.CommitPushedHandler;
import io.gitopsflow.promotion.service.ImagePublishedHandler;
import io.gitopsflow.promotion.service.ManifestUpdatedHandler;
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
    private final ImagePublishedHandler images;
    private final ManifestUpdatedHandler manifests;
    private final AnalysisCompletedHandler analyses;
    private final CommitPushedHandler pushes;

    public PromotionListener(
            EventReceiver receiver,
            ImagePublishedHandler images,
            ManifestUpdatedHandler manifests,
            AnalysisCompletedHandler analyses,
            CommitPushedHandler pushes) {
        this.receiver = receiver;
        this.images = images;
        this.manifests = manifests;
        this.analyses = analyses;
        this.pushes = pushes;
    }

    @Incoming("image-published")
    public Uni<Void> onImagePublished(Message<byte[]> message) {
        return receiver.receive(message, EventType.IMAGE_PUBLISHED, images::onImagePublished);
    }

    @Incoming("manifest-updated")
    public Uni<Void> onManifestUpdated(Message<byte[]> message) {
        return receiver.receive(message, EventType.MANIFEST_UPDATED, manifests::onManifestUpdated);
    }

    @Incoming("analysis-completed")
    public Uni<Void> onAnalysisCompleted(Message<byte[]> message) {
        return receiver.receive(message, EventType.ANALYSIS_COMPLETED, analyses::onAnalysisCompleted);
    }

    @Incoming("commit-pushed")
    public Uni<Void> onCommitPushed(Message<byte[]> message) {
        return receiver.receive(message, EventType.COMMIT_PUSHED, pushes::onCommitPushed);
    }
}
