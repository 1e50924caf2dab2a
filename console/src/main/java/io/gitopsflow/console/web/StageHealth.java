package io.gitopsflow.console.web;

import io.gitopsflow.console.api.StageBoard;

/**
 * A stage's health in a word, as the pages colour it: {@code healthy} (its last promotion succeeded and the
 * verification, if any, passed), {@code progressing} (a promotion runs), {@code waiting} (a promotion waits for
 * approvals), {@code failed} (the last promotion or verification failed), {@code empty} (nothing promoted yet).
 *
 * @param stage the stage
 * @param state the word
 * @param phase the phase of its latest promotion, or null
 * @param verification its latest verification's phase, or null
 */
public record StageHealth(String stage, String state, String phase, String verification) {

    /** The health of one stage of a board. */
    public static StageHealth of(StageBoard stage) {
        String phase =
                stage.latestPromotion() == null ? null : stage.latestPromotion().phase();
        String verification =
                stage.verification() == null ? null : stage.verification().phase();
        return new StageHealth(
                stage.name(),
                state(phase, verification, !stage.pendingApprovals().isEmpty()),
                phase,
                verification);
    }

    private static String state(String phase, String verification, boolean waiting) {
        if (phase == null) {
            return "empty";
        }
        if (waiting || "Pending".equals(phase)) {
            return "waiting";
        }
        return switch (phase) {
            case "Writing", "Written", "HealthCheck", "Verifying" -> "progressing";
            case "Failed", "Aborted", "Rejected" -> "failed";
            default -> verification == null || "Successful".equals(verification) ? "healthy" : "failed";
        };
    }
}
