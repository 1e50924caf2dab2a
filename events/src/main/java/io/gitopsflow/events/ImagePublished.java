package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gitopsflow.events.validation.ImageReference;
import java.time.Instant;
import java.util.List;

/**
 * An image was pushed to a registry: by build-worker, announced by a registry's notification, or by a build done
 * elsewhere.
 *
 * @param imageRepository image repository with the registry host, e.g. {@code registry.example.com/acme/books-api}
 * @param tags the tags that point at the digest (at least one)
 * @param digest the manifest digest
 * @param source the commit the image was built from, or null when unknown (e.g. a registry notification)
 * @param buildId build-worker's build id, or null when not built by gitops-flow
 * @param origin who announced the image
 * @param publishedAt when the image was pushed
 * @param durations how long the build took, or null when not built by gitops-flow
 */
public record ImagePublished(
        String imageRepository,
        List<String> tags,
        String digest,
        SourceCommit source,
        String buildId,
        Origin origin,
        Instant publishedAt,
        BuildDurations durations)
        implements GitopsFlowEvent {

    public ImagePublished {
        ImageReference.requireRepository(Require.text(imageRepository, "imageRepository"));
        tags = Require.list(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("tags must name at least one tag");
        }
        tags.forEach(ImageReference::requireTag);
        ImageReference.requireDigest(Require.text(digest, "digest"));
        Require.present(origin, "origin");
        Require.present(publishedAt, "publishedAt");
    }

    @Override
    public String partitionKey() {
        return imageRepository;
    }

    @Override
    public String subject() {
        return imageRepository;
    }

    /** The image of one of the tags, pinned to the digest. */
    public ImageRef image(String tag) {
        return new ImageRef(imageRepository, tag, digest);
    }

    /** Who announced the image. */
    public enum Origin {
        /** Built and pushed by gitops-flow's build-worker. */
        @JsonProperty("build-worker")
        BUILD_WORKER,
        /** A registry's push notification (CNCF distribution, Harbor, Docker Hub). */
        @JsonProperty("registry")
        REGISTRY,
        /** A build done elsewhere, announced through the CloudEvents endpoint. */
        @JsonProperty("external")
        EXTERNAL
    }
}
