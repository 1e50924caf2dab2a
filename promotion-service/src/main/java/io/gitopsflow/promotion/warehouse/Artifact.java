package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.events.ImageRef;
import java.time.Instant;
import java.util.Objects;

/**
 * One image of a Freight: what it is (repository, tag, digest — the Freight's identity) and where it came from.
 *
 * @param repository the image repository
 * @param tag the tag the subscription chose
 * @param digest the manifest digest
 * @param sourceRepository the application repository it was built from, or null
 * @param sourceCommit the commit it was built from, or null
 * @param publishedAt when it was published
 * @param sourceRef the ref it was built from (e.g. {@code refs/heads/main}), or null
 * @param buildNumber build-worker's number of the build among its branch's builds (push order), or null when another
 *     system built it
 */
public record Artifact(
        String repository,
        String tag,
        String digest,
        String sourceRepository,
        String sourceCommit,
        Instant publishedAt,
        String sourceRef,
        Long buildNumber) {

    /** An image whose builds are not numbered by this system. */
    public Artifact(
            String repository,
            String tag,
            String digest,
            String sourceRepository,
            String sourceCommit,
            Instant publishedAt) {
        this(repository, tag, digest, sourceRepository, sourceCommit, publishedAt, null, null);
    }

    public ImageRef image() {
        return new ImageRef(repository, tag, digest);
    }

    /** Whether both are numbered builds of one branch of one repository, so their build numbers compare. */
    public boolean sameBranchBuilds(Artifact other) {
        return buildNumber != null
                && other.buildNumber != null
                && repository.equals(other.repository)
                && Objects.equals(sourceRepository, other.sourceRepository)
                && Objects.equals(sourceRef, other.sourceRef);
    }
}
