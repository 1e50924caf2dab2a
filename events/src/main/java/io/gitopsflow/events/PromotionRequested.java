package io.gitopsflow.events;

import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;

/**
 * promotion-service asks gitops-writer to make one GitOps target say that a stage runs a Freight's image. A stage
 * with several targets sends one request per target, all with the same promotion id.
 *
 * @param requestId unique per promotion and target; gitops-writer's idempotency key
 * @param promotionId the promotion this write belongs to
 * @param project the pipeline (project) the stage belongs to
 * @param stage the stage being promoted
 * @param freightId the Freight's content-hash id
 * @param freightAlias the Freight's human alias, e.g. {@code brave-otter}
 * @param image the image to write
 * @param sourceCommit the application commit the image was built from, or null (the correlation of the change)
 * @param target where and how to write it
 * @param requestedBy who asked: a user name, or {@code promotion-service} for auto-promotion
 * @param requestedAt when it was asked
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
        Instant requestedAt)
        implements GitopsFlowEvent {

    public PromotionRequested {
        Require.text(requestId, "requestId");
        Require.text(promotionId, "promotionId");
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        ResourceNames.requireDnsLabel("stage", Require.text(stage, "stage"));
        Require.text(freightId, "freightId");
        Require.present(image, "image");
        if (sourceCommit != null) {
            Require.gitSha(sourceCommit, "sourceCommit");
        }
        Require.present(target, "target");
        Require.text(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
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
