package io.gitopsflow.build.messaging;

import io.gitopsflow.build.service.BuildService;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.CloudEventAttributes;
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

    /** The offset is committed only once the build's result is published. */
    @Incoming("commit-pushed")
    public Uni<Void> onCommitPushed(Message<byte[]> message) {
        return receiver.receive(message, EventType.COMMIT_PUSHED, builds::onCommitPushed);
    }

    public Uni<Void> imagePublished(ImagePublished image, CloudEventAttributes cause) {
        return publisher
                .publishCausedBy(imagePublished, EventType.IMAGE_PUBLISHED, image, cause)
                .replaceWithVoid();
    }

    public Uni<Void> buildFailed(BuildFailed failure, CloudEventAttributes cause) {
        return publisher
                .publishCausedBy(buildFailed, EventType.BUILD_FAILED, failure, cause)
                .replaceWithVoid();
    }
}
