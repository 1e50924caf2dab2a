package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * A Freight as the board shows it: the artifacts it pins (images, Helm charts, Git commits) and the commit it follows.
 *
 * @param id the content-hash id
 * @param alias the human alias (e.g. brave-otter), or null when not known yet
 * @param images its images, pinned by digest; empty when the Freight itself was not seen yet
 * @param charts its Helm charts, pinned by digest; empty when it has none or was not seen yet
 * @param commits its Git commits (of repositories its Warehouse follows); empty when it has none or was not seen yet
 * @param commit the application commit it follows, or null
 * @param createdAt when its Warehouse made it, or null when not seen yet
 */
public record FreightSummary(
        String id,
        String alias,
        List<Image> images,
        List<Chart> charts,
        List<GitCommit> commits,
        String commit,
        Instant createdAt) {

    /**
     * One image of a Freight.
     *
     * @param repository the image repository with its registry host
     * @param tag the tag, or null
     * @param digest the manifest digest
     */
    public record Image(String repository, String tag, String digest) {}

    /**
     * One Helm chart of a Freight.
     *
     * @param repository the chart's OCI repository with its registry host, without {@code oci://}
     * @param version the chart version
     * @param digest the chart manifest's digest, or null when not known
     */
    public record Chart(String repository, String version, String digest) {

        /** The chart's name: the last segment of its repository. */
        public String name() {
            return repository.substring(repository.lastIndexOf('/') + 1);
        }
    }

    /**
     * One Git commit of a Freight.
     *
     * @param repositoryUrl the repository's clone URL
     * @param branch the branch it was pushed to, or null when not known
     * @param id the full commit SHA
     * @param message its message's first line, or null when not known
     */
    public record GitCommit(String repositoryUrl, String branch, String id, String message) {}
}
