package io.gitopsflow.gateway.messaging;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.messaging.EventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Produces the gateway's two topics, {@code commit-pushed} and {@code image-published}; each {@code Uni} completes
 * when Kafka acknowledged the record.
 */
@ApplicationScoped
public class GatewayPublisher {

    private final EventPublisher publisher;
    private final MutinyEmitter<byte[]> commitPushed;
    private final MutinyEmitter<byte[]> imagePublished;

    public GatewayPublisher(
            EventPublisher publisher,
            @Channel("commit-pushed") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                    MutinyEmitter<byte[]> commitPushed,
            @Channel("image-published") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                    MutinyEmitter<byte[]> imagePublished) {
        this.publisher = publisher;
        this.commitPushed = commitPushed;
        this.imagePublished = imagePublished;
    }

    /** Publishes a push; its head commit starts the correlation that follows the change end to end. */
    public Uni<CloudEventAttributes> publish(CommitPushed push) {
        return publisher.publish(commitPushed, EventType.COMMIT_PUSHED, push, push.after());
    }

    /** Publishes an image; the correlation is its source commit when known. */
    public Uni<CloudEventAttributes> publish(ImagePublished image, String correlationId) {
        String correlation = correlationId != null
                ? correlationId
                : image.source() != null ? image.source().commit() : image.digest();
        return publisher.publish(imagePublished, EventType.IMAGE_PUBLISHED, image, correlation);
    }
}
