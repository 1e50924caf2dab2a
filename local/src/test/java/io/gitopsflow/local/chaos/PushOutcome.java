package io.gitopsflow.local.chaos;

/**
 * Where one accepted push ended, as the services tell it.
 *
 * @param push the push
 * @param state its end state, or {@link State#OPEN} while it has none
 * @param detail how the audit knows: the promotion and run that verified it, what superseded it, or the failure's
 *     reason
 */
public record PushOutcome(AcceptedPush push, State state, String detail) {

    /** The end states a push may reach, and {@code OPEN}: none yet (lost, once the flow settled). */
    public enum State {
        /** Built, promoted into the first stage, and that promotion succeeded with a successful analysis. */
        VERIFIED,
        /** A newer push of its branch took its place (its build was superseded, or the newer one was verified). */
        SUPERSEDED,
        /** A failure recorded with its reason (the build's, or the first stage's promotion's). */
        FAILED,
        /** None of these. */
        OPEN;

        boolean ended() {
            return this != OPEN;
        }
    }

    @Override
    public String toString() {
        return push.commit() + " " + state + (detail == null ? "" : " (" + detail + ")");
    }
}
