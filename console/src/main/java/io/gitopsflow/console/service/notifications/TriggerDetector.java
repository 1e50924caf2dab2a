package io.gitopsflow.console.service.notifications;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells which outcomes an event is the sign of. A promotion waits for approval when it is created Pending in a stage
 * whose definition (pipeline-configured) requires approvals; when the console knows no definition of the stage, the
 * first approval is the sign. It succeeds on its phase change to Succeeded; it fails on one to Aborted, or to Failed
 * from any phase but Verifying; it fails verification on Verifying → Failed or on an analysis verdict Failed or Error;
 * it is a rollback when it is created with the rollback flag.
 */
public final class TriggerDetector {

    /** What the console knows of a stage's approvals. */
    @FunctionalInterface
    public interface StageApprovals {

        /** Whether {@code stage} of {@code project} requires approvals; empty when no definition of it is known. */
        Optional<Boolean> required(String project, String stage) throws SQLException;
    }

    private TriggerDetector() {}

    /** The outcomes {@code event} is the sign of (none for an event that tells nothing a rule can ask for). */
    public static List<Trigger> triggers(Object event, StageApprovals approvals) throws SQLException {
        if (event instanceof PromotionUpdated update) {
            return ofUpdate(update, approvals);
        }
        if (event instanceof AnalysisCompleted verdict
                && (verdict.phase() == AnalysisCompleted.Phase.FAILED
                        || verdict.phase() == AnalysisCompleted.Phase.ERROR)) {
            return List.of(Trigger.VERIFICATION_FAILED);
        }
        return List.of();
    }

    private static List<Trigger> ofUpdate(PromotionUpdated update, StageApprovals approvals) throws SQLException {
        List<Trigger> triggers = new ArrayList<>();
        switch (update.change()) {
            case CREATED -> {
                if (Boolean.TRUE.equals(update.rollback())) {
                    triggers.add(Trigger.ROLLED_BACK);
                }
                if (update.phase() == Phase.PENDING
                        && approvals.required(update.project(), update.stage()).orElse(false)) {
                    triggers.add(Trigger.AWAITING_APPROVAL);
                }
            }
            case APPROVED -> {
                if (update.phase() == Phase.PENDING
                        && approvals.required(update.project(), update.stage()).isEmpty()) {
                    triggers.add(Trigger.AWAITING_APPROVAL);
                }
            }
            case PHASE_CHANGED -> phaseChanged(update).ifPresent(triggers::add);
            default -> {
                // approvals, holds, windows, pull requests: no outcome
            }
        }
        return triggers;
    }

    private static Optional<Trigger> phaseChanged(PromotionUpdated update) {
        if (update.change() != Change.PHASE_CHANGED) {
            return Optional.empty();
        }
        return switch (update.phase()) {
            case SUCCEEDED -> Optional.of(Trigger.SUCCEEDED);
            case ABORTED -> Optional.of(Trigger.FAILED);
            case FAILED ->
                Optional.of(update.previousPhase() == Phase.VERIFYING ? Trigger.VERIFICATION_FAILED : Trigger.FAILED);
            default -> Optional.empty();
        };
    }
}
