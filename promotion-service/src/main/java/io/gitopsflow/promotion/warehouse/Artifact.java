package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.events.ImageRef;
import java.time.Instant;

/**
 * One image of a Freight: what it is (repository, tag, digest — the Freight's identity) and where it came from.
 *
 * @param repository the image repository
 * @param tag the tag the subscription chose
 * @param digest the manifest digest
 * @param sourceRepository the application repository it was built from, or null
 * @param sourceCommit the commit it was built from, or null
 * @param publishedAt when it was published
 */
public record Artifact(
        String repository,
        String tag,
        String digest,
        String sourceRepository,
        String sourceCommit,
        Instant publishedAt) {

    public ImageRef image() {
        return new ImageRef(repository, tag, digest);
    }
}
