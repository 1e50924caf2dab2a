package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gitopsflow.events.validation.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

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

    private static final String BRANCH_REF = "refs/heads/";

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

    /**
     * The image's number among the builds of its branch, when build-worker built it from a branch: the {@code n} of
     * its tag {@code <branch>-<sha7>-<n>} ({@link BranchBuildTag}), which build-worker gives in push order, so it
     * orders a branch's images by commit even when an older commit was built (or rebuilt) later. Empty for images of
     * other origins, of a tag push, without a source commit or without such a tag. Derived, not a field of the event.
     */
    public OptionalLong buildNumber() {
        if (origin != Origin.BUILD_WORKER || source == null || source.ref() == null) {
            return OptionalLong.empty();
        }
        if (!source.ref().startsWith(BRANCH_REF)) {
            return OptionalLong.empty();
        }
        String branch = source.ref().substring(BRANCH_REF.length());
        return tags.stream()
                .map(tag -> BranchBuildTag.buildNumber(tag, branch, source.commit()))
                .filter(OptionalLong::isPresent)
                .findFirst()
                .orElse(OptionalLong.empty());
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
