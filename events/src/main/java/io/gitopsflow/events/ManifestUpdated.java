package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;

/**
 * gitops-writer's answer to one {@link PromotionRequested}: what the GitOps repository now says, and in which commit.
 *
 * @param requestId the request this answers
 * @param promotionId the promotion the request belongs to
 * @param project the pipeline
 * @param stage the stage
 * @param freightId the Freight
 * @param target the target that was written
 * @param status what happened
 * @param commit the commit holding the change: the new commit ({@code committed}), the commit that already had it
 *     ({@code no-change}), the pull request branch's head ({@code pr-opened}); null when {@code failed}
 * @param previousValue the field's value before the write, or null when the field was created
 * @param newValue the value written, or null when {@code failed}
 * @param pullRequestUrl the pull request, when {@code pr-opened}
 * @param reason why it failed, when {@code failed}
 * @param batchSize how many requests the commit carries (requests for one branch are batched into one commit)
 * @param updatedAt when the write finished
 */
public record ManifestUpdated(
        String requestId,
        String promotionId,
        String project,
        String stage,
        String freightId,
        GitOpsTarget target,
        Status status,
        String commit,
        String previousValue,
        String newValue,
        String pullRequestUrl,
        String reason,
        int batchSize,
        Instant updatedAt)
        implements GitopsFlowEvent {

    public ManifestUpdated {
        Require.text(requestId, "requestId");
        Require.text(promotionId, "promotionId");
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        ResourceNames.requireDnsLabel("stage", Require.text(stage, "stage"));
        Require.text(freightId, "freightId");
        Require.present(target, "target");
        Require.present(status, "status");
        switch (status) {
            case COMMITTED, NO_CHANGE -> Require.gitSha(commit, "commit");
            case PR_OPENED -> Require.text(pullRequestUrl, "pullRequestUrl");
            case FAILED -> Require.text(reason, "reason");
        }
        Require.notNegative(batchSize, "batchSize");
        Require.present(updatedAt, "updatedAt");
    }

    @Override
    public String partitionKey() {
        return target.partitionKey();
    }

    @Override
    public String subject() {
        return project + "/" + stage;
    }

    /** What a write came to. */
    public enum Status {
        /** A new commit on the branch carries the change. */
        @JsonProperty("committed")
        COMMITTED,
        /** A pull request carries the change; the merge commit arrives later as a push to the branch. */
        @JsonProperty("pr-opened")
        PR_OPENED,
        /** The branch already said this; nothing was committed. */
        @JsonProperty("no-change")
        NO_CHANGE,
        /** The write could not be done; the reason says why. */
        @JsonProperty("failed")
        FAILED
    }
}
