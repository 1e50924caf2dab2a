package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * A Freight as the board shows it: the images it pins and the commit it follows.
 *
 * @param id the content-hash id
 * @param alias the human alias (e.g. brave-otter), or null when not known yet
 * @param images its images, pinned by digest; empty when the Freight itself was not seen yet
 * @param commit the application commit it follows, or null
 * @param createdAt when its Warehouse made it, or null when not seen yet
 */
public record FreightSummary(String id, String alias, List<Image> images, String commit, Instant createdAt) {

    /**
     * One image of a Freight.
     *
     * @param repository the image repository with its registry host
     * @param tag the tag, or null
     * @param digest the manifest digest
     */
    public record Image(String repository, String tag, String digest) {}
}
