package io.gitopsflow.console.service.notifications;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.PromotionUpdated;
import java.time.Instant;
import java.util.Locale;

/**
 * What a message says about a promotion's outcome, read from the event that is its sign.
 *
 * @param trigger the outcome
 * @param project the pipeline
 * @param stage the stage
 * @param promotionId the promotion
 * @param freight the Freight's alias, else its id
 * @param commit the application commit, or null
 * @param actor who made the change, or null (an analysis verdict)
 * @param reason the reason or the verdict's message, or null
 * @param at when it happened
 */
public record Outcome(
        Trigger trigger,
        String project,
        String stage,
        String promotionId,
        String freight,
        String commit,
        String actor,
        String reason,
        Instant at) {

    /** The outcome {@code trigger} of which {@code event} (a promotion-updated or analysis-completed) is the sign. */
    public static Outcome of(Trigger trigger, Object event, String commit) {
        if (event instanceof PromotionUpdated update) {
            return new Outcome(
                    trigger,
                    update.project(),
                    update.stage(),
                    update.promotionId(),
                    update.freightAlias() == null ? update.freightId() : update.freightAlias(),
                    update.sourceCommit() == null ? commit : update.sourceCommit(),
                    update.actor(),
                    blankToNull(update.reason()),
                    update.updatedAt());
        }
        if (event instanceof AnalysisCompleted verdict) {
            return new Outcome(
                    trigger,
                    verdict.project(),
                    verdict.stage(),
                    verdict.promotionId(),
                    verdict.freightId(),
                    commit,
                    null,
                    verdictReason(verdict),
                    verdict.completedAt());
        }
        throw new IllegalArgumentException(
                "no outcome is read from " + event.getClass().getSimpleName());
    }

    /** The one-line headline, plain text. */
    public String headline() {
        String where = project + " → " + stage;
        String what = "Freight " + freight;
        return switch (trigger) {
            case AWAITING_APPROVAL -> where + ": the promotion of " + what + " waits for approval";
            case SUCCEEDED -> where + ": " + what + " promoted and verified";
            case FAILED -> where + ": the promotion of " + what + " failed";
            case VERIFICATION_FAILED -> where + ": " + what + " failed verification";
            case ROLLED_BACK -> where + ": rollback to " + what + " started";
        };
    }

    /** "Failed: error-rate above 0.05", as Argo names the phase. */
    private static String verdictReason(AnalysisCompleted verdict) {
        String phase = verdict.phase().name();
        String named = phase.charAt(0) + phase.substring(1).toLowerCase(Locale.ROOT);
        return verdict.message().isBlank() ? named : named + ": " + verdict.message();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
