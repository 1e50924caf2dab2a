package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.PromotionRepository;
import io.gitopsflow.console.repository.PromotionRepository.PhaseObservation;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Phase;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the read model orders a promotion's phases, so the projectors of its events agree: a phase's rank in the
 * lifecycle, which phases are final, and the phase an event shows a promotion in.
 */
final class PromotionPhases {

    private static final Set<Phase> FINAL = EnumSet.of(Phase.SUCCEEDED, Phase.FAILED, Phase.ABORTED, Phase.REJECTED);

    private PromotionPhases() {}

    /** Pending 0, Writing 1, Written 2, HealthCheck 3, Verifying 4; the final phases above them all. */
    static int rank(Phase phase) {
        return FINAL.contains(phase) ? PromotionRepository.FINAL_RANK : phase.ordinal();
    }

    /** The phase as promotion-service's API spells it ({@code HealthCheck}, {@code Succeeded}). */
    static String spelled(Phase phase) {
        return switch (phase) {
            case PENDING -> "Pending";
            case WRITING -> "Writing";
            case WRITTEN -> "Written";
            case HEALTH_CHECK -> "HealthCheck";
            case VERIFYING -> "Verifying";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
            case ABORTED -> "Aborted";
            case REJECTED -> "Rejected";
        };
    }

    /** The phase {@code update} shows: entered at its time when it moved the phase, only implied otherwise. */
    static PhaseObservation of(PromotionUpdated update) {
        boolean moves = update.change() == PromotionUpdated.Change.CREATED
                || update.change().movesPhase();
        if (!moves) {
            return implied(update.phase());
        }
        boolean reopens = update.previousPhase() != null && FINAL.contains(update.previousPhase());
        return new PhaseObservation(
                spelled(update.phase()), update.updatedAt(), rank(update.phase()), reopens, update.reason());
    }

    /** A phase another event implies without saying when it began: any phase change overrides it. */
    static PhaseObservation implied(Phase phase) {
        return new PhaseObservation(spelled(phase), null, rank(phase), false, null);
    }

    /** Whether {@code update} is the success that ends a verification: the Freight is verified in the stage. */
    static Instant verifiedAt(PromotionUpdated update) {
        return update.change() == PromotionUpdated.Change.PHASE_CHANGED
                        && update.phase() == Phase.SUCCEEDED
                        && update.previousPhase() == Phase.VERIFYING
                ? update.updatedAt()
                : null;
    }
}
