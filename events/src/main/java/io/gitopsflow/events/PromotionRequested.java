package io.gitopsflow.events;

import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * promotion-service asks gitops-writer to make one GitOps target say that a stage runs one of a Freight's artifacts:
 * an image, a Helm chart version or a Git commit (exactly one of the three). A stage with several targets sends one
 * request per target, all with the same promotion id. Type version 2: {@code image} is absent when the target receives
 * a chart or a commit; version-1 records read as image requests.
 *
 * @param requestId unique per promotion and target; gitops-writer's idempotency key
 * @param promotionId the promotion this write belongs to
 * @param project the pipeline (project) the stage belongs to
 * @param stage the stage being promoted
 * @param freightId the Freight's content-hash id
 * @param freightAlias the Freight's human alias, e.g. {@code brave-otter}
 * @param image the image to write, or null when the target receives a chart or a commit
 * @param sourceCommit the application commit the image was built from, or null (the correlation of the change)
 * @param target where and how to write it
 * @param requestedBy who asked: a user name, or {@code promotion-service} for auto-promotion
 * @param requestedAt when it was asked
 * @param chart the chart version to write, or null
 * @param commit the Git commit to write, or null
 */
public record PromotionRequested(
        String requestId,
        String promotionId,
        String project,
        String stage,
        String freightId,
        String freightAlias,
        ImageRef image,
        String sourceCommit,
        GitOpsTarget target,
        String requestedBy,
        Instant requestedAt,
        ChartRef chart,
        GitCommitRef commit)
        implements GitopsFlowEvent {

    /** A request to write an image. */
    public PromotionRequested(
            String requestId,
            String promotionId,
            String project,
            String stage,
            String freightId,
            String freightAlias,
            ImageRef image,
            String sourceCommit,
            GitOpsTarget target,
            String requestedBy,
            Instant requestedAt) {
        this(
                requestId,
                promotionId,
                project,
                stage,
                freightId,
                freightAlias,
                image,
                sourceCommit,
                target,
                requestedBy,
                requestedAt,
                null,
                null);
    }

    public PromotionRequested {
        Require.text(requestId, "requestId");
        Require.text(promotionId, "promotionId");
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        ResourceNames.requireDnsLabel("stage", Require.text(stage, "stage"));
        Require.text(freightId, "freightId");
        requireOneArtifact(image, chart, commit);
        if (sourceCommit != null) {
            Require.gitSha(sourceCommit, "sourceCommit");
        }
        Require.present(target, "target");
        Require.text(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
    }

    private static void requireOneArtifact(ImageRef image, ChartRef chart, GitCommitRef commit) {
        List<String> given = new ArrayList<>();
        if (image != null) {
            given.add("image");
        }
        if (chart != null) {
            given.add("chart");
        }
        if (commit != null) {
            given.add("commit");
        }
        if (given.size() != 1) {
            throw new IllegalArgumentException("exactly one of image, chart and commit must be given, got "
                    + (given.isEmpty() ? "none" : String.join(" and ", given)));
        }
    }

    /** What the request writes, for messages: the image reference, {@code chart@version} or the commit. */
    public String artifactDescription() {
        if (image != null) {
            return image.repository() + (image.tag() == null ? "@" + image.digest() : ":" + image.tag());
        }
        if (chart != null) {
            return chart.repository() + " " + chart.version();
        }
        return commit.repositoryUrl() + "@" + commit.shortId();
    }

    @Override
    public String partitionKey() {
        return target.partitionKey();
    }

    @Override
    public String subject() {
        return project + "/" + stage;
    }
}
