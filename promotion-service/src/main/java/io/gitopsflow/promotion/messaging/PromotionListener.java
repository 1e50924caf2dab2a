package io.gitopsflow.promotion.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.messaging.EventReceiver;
import io.gitopsflow.promotion.service.AnalysisCompletedHandler;
import io.gitopsflow.promotion.service.ChartPublishedHandler;
import io.gitopsflow.promotion.service.CommitPushedHandler;
import io.gitopsflow.promotion.service.GitSubscriptionHandler;
import io.gitopsflow.promotion.service.ImagePublishedHandler;
import io.gitopsflow.promotion.service.ManifestUpdatedHandler;
import io.gitopsflow.promotion.service.PromotionOutbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * promotion-service's incoming topics. Each record is acknowledged once its effect is stored; every handler is
 * idempotent (a redelivery changes nothing) and ignores what no longer applies (an answer to an aborted promotion).
 * What a record made promotion-service decide is published right after (the outbox's decision events).
 */
@ApplicationScoped
public class PromotionListener {

    private final EventReceiver receiver;
    private final ImagePublishedHandler images;
    private final ManifestUpdatedHandler manifests;
    private final AnalysisCompletedHandler analyses;
    private final CommitPushedHandler pushes;
    private final ChartPublishedHandler charts;
    private final GitSubscriptionHandler branches;
    private final PromotionOutbox outbox;

    public PromotionListener(
            EventReceiver receiver,
            ImagePublishedHandler images,
            ManifestUpdatedHandler manifests,
            AnalysisCompletedHandler analyses,
            CommitPushedHandler pushes,
            ChartPublishedHandler charts,
            GitSubscriptionHandler branches,
            PromotionOutbox outbox) {
        this.receiver = receiver;
        this.images = images;
        this.manifests = manifests;
        this.analyses = analyses;
        this.pushes = pushes;
        this.charts = charts;
        this.branches = branches;
        this.outbox = outbox;
    }

    @Incoming("image-published")
    public Uni<Void> onImagePublished(Message<byte[]> message) {
        return receiver.receive(message, EventType.IMAGE_PUBLISHED, images::onImagePublished)
                .call(outbox::publishDecisions);
    }

    @Incoming("manifest-updated")
    public Uni<Void> onManifestUpdated(Message<byte[]> message) {
        return receiver.receive(message, EventType.MANIFEST_UPDATED, manifests::onManifestUpdated)
                .call(outbox::publishDecisions);
    }

    @Incoming("analysis-completed")
    public Uni<Void> onAnalysisCompleted(Message<byte[]> message) {
        return receiver.receive(message, EventType.ANALYSIS_COMPLETED, analyses::onAnalysisCompleted)
                .call(outbox::publishDecisions);
    }

    @Incoming("commit-pushed")
    public Uni<Void> onCommitPushed(Message<byte[]> message) {
        // a push may merge a promotion's pull request and be a Git subscription's new commit at once
        return receiver.receive(
                        message,
                        EventType.COMMIT_PUSHED,
                        push -> pushes.onCommitPushed(push).chain(() -> branches.onCommitPushed(push)))
                .call(outbox::publishDecisions);
    }

    @Incoming("chart-published")
    public Uni<Void> onChartPublished(Message<byte[]> message) {
        return receiver.receive(message, EventType.CHART_PUBLISHED, charts::onChartPublished)
                .call(outbox::publishDecisions);
    }
}
