package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.BuildRepository;
import io.gitopsflow.console.repository.ImageRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * An image pushed: the image of its commit, and when build-worker built it, the end of that build (succeeded, with its
 * durations). An image built elsewhere or announced by a registry has no build in the read model.
 */
@ApplicationScoped
public class ImagePublishedProjector implements Projector<ImagePublished> {

    private final ImageRepository images;
    private final BuildRepository builds;

    public ImagePublishedProjector(ImageRepository images, BuildRepository builds) {
        this.images = images;
        this.builds = builds;
    }

    @Override
    public EventType<ImagePublished> type() {
        return EventType.IMAGE_PUBLISHED;
    }

    @Override
    public EventKeys keys(ImagePublished event) {
        String commit = event.source() == null ? null : event.source().commit();
        return new EventKeys(event.publishedAt(), commit, null, null, null, null);
    }

    /** One announcement of an image, published again under a new id by build-worker's or the gateway's outbox. */
    @Override
    public String identity(ImagePublished event) {
        String announcement = event.buildId() != null
                ? "build:" + event.buildId()
                : event.origin().name() + ":" + event.imageRepository() + "@" + event.digest() + ":" + event.tags();
        return announcement + "@" + event.publishedAt();
    }

    @Override
    public void project(EventEnvelope<ImagePublished> event, Connection connection) throws SQLException {
        ImagePublished image = event.data();
        images.published(connection, image);
        if (image.origin() == ImagePublished.Origin.BUILD_WORKER && image.buildId() != null && image.source() != null) {
            builds.succeeded(connection, image);
        }
    }
}
