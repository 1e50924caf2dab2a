package io.gitopsflow.buildworker.messaging;

import io.gitopsflow.buildworker.service.BuildService;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.messaging.EventPublisher;
import io.gitopsflow.messaging.EventReceiver;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** build-worker's topics: consumes commit-pushed, produces image-published and build-failed. */
@ApplicationScoped
public class BuildEvents {

    private final EventPublisher publisher;
    private final EventReceiver receiver;
    private final MutinyEmitter<byte[]> imagePublished;
    private final MutinyEmitter<byte[]> buildFailed;

    @Inject
    BuildService builds;

    public BuildEvents(
            EventPublisher publisher,
            EventReceiver receiver,
            @Channel("image-published") MutinyEmitter<byte[]> imagePublished,
            @Channel("build-failed") MutinyEmitter<byte[]> buildFailed) {
        this.publisher = publisher;
        this.receiver = receiver;
        this.imagePublished = imagePublished;
        this.buildFailed = buildFailed;
    }

    /** The offset is committed once the build is queued in the database (or its stored result published again). */
    @Incoming("commit-pushed")
    public Uni<Void> onCommitPushed(Message<byte[]> message) {
        return receiver.receive(message, EventType.COMMIT_PUSHED, builds::onCommitPushed);
    }

    /** Publishes an image, continuing the push's correlation; completes when Kafka acknowledged it. */
    public Uni<Void> imagePublished(ImagePublished image, String correlationId, String traceparent) {
        return publisher
                .publish(imagePublished, EventType.IMAGE_PUBLISHED, image, correlationId, traceparent)
                .replaceWithVoid();
    }

    /** Publishes a failed build, continuing the push's correlation; completes when Kafka acknowledged it. */
    public Uni<Void> buildFailed(BuildFailed failure, String correlationId, String traceparent) {
        return publisher
                .publish(buildFailed, EventType.BUILD_FAILED, failure, correlationId, traceparent)
                .replaceWithVoid();
    }
}
