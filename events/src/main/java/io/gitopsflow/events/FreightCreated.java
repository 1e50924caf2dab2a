package io.gitopsflow.events;

import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline's Warehouse made a new Freight: an immutable set of images (pinned by digest) that stages can be promoted
 * to. Published once per Freight; the same images announced again make no second one.
 *
 * @param freightId the Freight's content-hash id
 * @param alias the Freight's human alias, e.g. {@code brave-otter}
 * @param project the pipeline (project) whose Warehouse made it
 * @param warehouse the Warehouse
 * @param images the Freight's images (at least one)
 * @param sourceCommit the application commit the Freight follows (the correlation of the change), or null
 * @param sources the commits its images were built from, where known
 * @param createdAt when the Freight was made
 */
public record FreightCreated(
        String freightId,
        String alias,
        String project,
        String warehouse,
        List<ImageRef> images,
        String sourceCommit,
        List<SourceCommit> sources,
        Instant createdAt)
        implements GitopsFlowEvent {

    public FreightCreated {
        Require.text(freightId, "freightId");
        Require.text(alias, "alias");
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        ResourceNames.requireDnsLabel("warehouse", Require.text(warehouse, "warehouse"));
        images = Require.list(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must name at least one image");
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
