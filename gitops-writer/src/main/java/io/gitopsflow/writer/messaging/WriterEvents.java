package io.gitopsflow.writer.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.messaging.EventPublisher;
import io.gitopsflow.messaging.EventReceiver;
import io.gitopsflow.writer.service.WriterService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** gitops-writer's topics: consumes promotion-requested, produces manifest-updated. */
@ApplicationScoped
public class WriterEvents {

    private final EventPublisher publisher;
    private final EventReceiver receiver;
    private final MutinyEmitter<byte[]> manifestUpdated;

    @Inject
    WriterService writer;

    public WriterEvents(
            EventPublisher publisher,
            EventReceiver receiver,
            @Channel("manifest-updated") MutinyEmitter<byte[]> manifestUpdated) {
        this.publisher = publisher;
        this.receiver = receiver;
        this.manifestUpdated = manifestUpdated;
    }

    /** The offset is committed once the request is queued in the database (or its stored answer published again). */
    @Incoming("promotion-requested")
    public Uni<Void> onPromotionRequested(Message<byte[]> message) {
        return receiver.receive(message, EventType.PROMOTION_REQUESTED, writer::onPromotionRequested);
    }

    /** Publishes an answer, continuing the promotion's correlation; completes when Kafka acknowledged it. */
    public Uni<Void> manifestUpdated(ManifestUpdated answer, String correlationId, String traceparent) {
        return publisher
                .publish(manifestUpdated, EventType.MANIFEST_UPDATED, answer, correlationId, traceparent)
                .replaceWithVoid();
    }
}
