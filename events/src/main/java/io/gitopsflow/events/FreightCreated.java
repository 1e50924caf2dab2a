package io.gitopsflow.events;

import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline's Warehouse made a new Freight: an immutable set of artifacts (images and Helm charts pinned by digest,
 * Git commits) that stages can be promoted to: one artifact per subscription of the Warehouse. Published once per
 * Freight; the same artifacts announced again make no second one. Type version 2: a Freight may hold no image (a
 * Warehouse of charts or Git commits only); version-1 records read as Freight of images only.
 *
 * @param freightId the Freight's content-hash id
 * @param alias the Freight's human alias, e.g. {@code brave-otter}
 * @param project the pipeline (project) whose Warehouse made it
 * @param warehouse the Warehouse
 * @param images the Freight's images, pinned by digest
 * @param sourceCommit the application commit the Freight follows (the correlation of the change), or null
 * @param sources the commits its images were built from, where known
 * @param createdAt when the Freight was made
 * @param charts the Freight's Helm charts, pinned by digest
 * @param commits the Freight's Git commits
 */
public record FreightCreated(
        String freightId,
        String alias,
        String project,
        String warehouse,
        List<ImageRef> images,
        String sourceCommit,
        List<SourceCommit> sources,
        Instant createdAt,
        List<ChartRef> charts,
        List<GitCommitRef> commits)
        implements GitopsFlowEvent {

    /** A Freight of images only. */
    public FreightCreated(
            String freightId,
            String alias,
            String project,
            String warehouse,
            List<ImageRef> images,
            String sourceCommit,
            List<SourceCommit> sources,
            Instant createdAt) {
        this(freightId, alias, project, warehouse, images, sourceCommit, sources, createdAt, List.of(), List.of());
    }

    public FreightCreated {
        Require.text(freightId, "freightId");
        Require.text(alias, "alias");
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        ResourceNames.requireDnsLabel("warehouse", Require.text(warehouse, "warehouse"));
        images = Require.list(images);
        charts = Require.list(charts);
        commits = Require.list(commits);
        if (images.isEmpty() && charts.isEmpty() && commits.isEmpty()) {
            throw new IllegalArgumentException(
                    "images, charts and commits are all empty: a Freight must hold at least one artifact");
        }
        if (sourceCommit != null) {
            Require.gitSha(sourceCommit, "sourceCommit");
        }
        sources = Require.list(sources);
        Require.present(createdAt, "createdAt");
    }

    @Override
    public String partitionKey() {
        return project + "/" + warehouse;
    }

    @Override
    public String subject() {
        return project + "/" + warehouse;
    }
}
