package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;

/**
 * Something promotion-service decided about one promotion: it was created, its phase changed, a reviewer approved or
 * rejected it, it set or released a hold on its stage's auto-promotion, it overrode a window, its pull request was
 * opened. One event per change, in the order they were made; {@code previousPhase} is present exactly when the phase
 * changed.
 *
 * @param promotionId the promotion
 * @param project the pipeline (project) the stage belongs to
 * @param stage the stage
 * @param freightId the Freight's content-hash id
 * @param freightAlias the Freight's human alias, or null
 * @param sourceCommit the application commit the Freight follows (the correlation of the change), or null
 * @param rollback true when the promotion is a rollback: a person promoted an older Freight than the stage's newest,
 *     or promotion-service promoted back the Freight verified before after a failed verification (automatic rollback);
 *     on every update of that promotion; never null (absent from the JSON when false, and read as false when absent,
 *     as producers before it wrote no such field)
 * @param change what changed
 * @param phase the promotion's phase after the change
 * @param previousPhase the phase before, when the change moved it; null otherwise
 * @param actor who made the change: a user name, or {@code promotion-service}
 * @param reason why, or the reviewer's comment, or the failure's message; null when none was given
 * @param updatedAt when the change was stored
 */
public record PromotionUpdated(
        String promotionId,
        String project,
        String stage,
        String freightId,
        String freightAlias,
        String sourceCommit,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean rollback,
        Change change,
        Phase phase,
        Phase previousPhase,
        String actor,
        String reason,
        Instant updatedAt)
        implements GitopsFlowEvent {

    public PromotionUpdated {
        Require.text(promotionId, "promotionId");
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        ResourceNames.requireDnsLabel("stage", Require.text(stage, "stage"));
        Require.text(freightId, "freightId");
        if (sourceCommit != null) {
            Require.gitSha(sourceCommit, "sourceCommit");
        }
        rollback = Boolean.TRUE.equals(rollback);
        Require.present(change, "change");
        Require.present(phase, "phase");
        if (change.movesPhase() != (previousPhase != null)) {
            throw new IllegalArgumentException(
                    "previousPhase is required exactly when the change moves the phase (phase-changed, rejected)");
        }
        if (change == Change.REJECTED && phase != Phase.REJECTED) {
            throw new IllegalArgumentException("a rejected change leaves the phase Rejected");
        }
        Require.text(actor, "actor");
        Require.present(updatedAt, "updatedAt");
    }

    @Override
    public String partitionKey() {
        return project + "/" + stage;
    }

    @Override
    public String subject() {
        return project + "/" + stage;
    }

    /** What changed. */
    public enum Change {
        /** A person or auto-promotion asked for the promotion; it starts Pending. */
        @JsonProperty("created")
        CREATED,
        /** The phase moved on (previousPhase → phase): written, verifying, succeeded, failed, aborted, a reverify. */
        @JsonProperty("phase-changed")
        PHASE_CHANGED,
        /** A reviewer holding the stage's role approved it (the actor); the phase stays until enough approved. */
        @JsonProperty("approved")
        APPROVED,
        /** A reviewer holding the stage's role refused it (the actor): Pending → Rejected. */
        @JsonProperty("rejected")
        REJECTED,
        /** The promotion, a rollback, holds its stage's auto-promotion (actor and reason say who and why). */
        @JsonProperty("hold-set")
        HOLD_SET,
        /** The hold on the stage's auto-promotion was released (actor and reason say who and why). */
        @JsonProperty("hold-released")
        HOLD_RELEASED,
        /** Started while a promotion window blocked it, by someone allowed to override (the actor). */
        @JsonProperty("window-overridden")
        WINDOW_OVERRIDDEN,
        /** gitops-writer opened a pull request for one of its writes (the reason holds its URL). */
        @JsonProperty("pull-request-opened")
        PULL_REQUEST_OPENED;

        /** True for the changes that move the phase, so carry {@code previousPhase}. */
        public boolean movesPhase() {
            return this == PHASE_CHANGED || this == REJECTED;
        }
    }

    /** Where a promotion's lifecycle stands, as promotion-service's API names it. */
    public enum Phase {
        @JsonProperty("Pending")
        PENDING,
        @JsonProperty("Writing")
        WRITING,
        @JsonProperty("Written")
        WRITTEN,
        @JsonProperty("HealthCheck")
        HEALTH_CHECK,
        @JsonProperty("Verifying")
        VERIFYING,
        @JsonProperty("Succeeded")
        SUCCEEDED,
        @JsonProperty("Failed")
        FAILED,
        @JsonProperty("Aborted")
        ABORTED,
        @JsonProperty("Rejected")
        REJECTED
    }
}
