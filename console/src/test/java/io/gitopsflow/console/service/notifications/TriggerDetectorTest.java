package io.gitopsflow.console.service.notifications;

import static io.gitopsflow.console.service.notifications.NotificationEvents.created;
import static io.gitopsflow.console.service.notifications.NotificationEvents.phaseChanged;
import static io.gitopsflow.console.service.notifications.NotificationEvents.update;
import static io.gitopsflow.console.service.notifications.NotificationEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.console.service.notifications.TriggerDetector.StageApprovals;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerDetectorTest {

    private static final StageApprovals REQUIRED = (project, stage) -> Optional.of(true);
    private static final StageApprovals NOT_REQUIRED = (project, stage) -> Optional.of(false);
    private static final StageApprovals UNKNOWN = (project, stage) -> Optional.empty();

    @Test
    void aPromotionCreatedPendingInAStageThatRequiresApprovalsWaitsForApproval() throws SQLException {
        assertThat(TriggerDetector.triggers(created("books", "prod"), REQUIRED))
                .containsExactly(Trigger.AWAITING_APPROVAL);
        assertThat(TriggerDetector.triggers(created("books", "dev"), NOT_REQUIRED))
                .isEmpty();
        assertThat(TriggerDetector.triggers(created("books", "dev"), UNKNOWN)).isEmpty();
    }

    @Test
    void withoutADefinitionTheFirstApprovalIsTheSignThatAPromotionWaits() throws SQLException {
        var approved = update("books", "prod", "p-1", Change.APPROVED, Phase.PENDING, null);

        assertThat(TriggerDetector.triggers(approved, UNKNOWN)).containsExactly(Trigger.AWAITING_APPROVAL);
        assertThat(TriggerDetector.triggers(approved, REQUIRED)).isEmpty();
    }

    @Test
    void aPromotionCreatedAsARollbackIsARollbackAndMayAlsoWaitForApproval() throws SQLException {
        assertThat(TriggerDetector.triggers(NotificationEvents.rollback("books", "prod"), NOT_REQUIRED))
                .containsExactly(Trigger.ROLLED_BACK);
        assertThat(TriggerDetector.triggers(NotificationEvents.rollback("books", "prod"), REQUIRED))
                .containsExactly(Trigger.ROLLED_BACK, Trigger.AWAITING_APPROVAL);
    }

    @Test
    void aPhaseChangeToSucceededIsASuccess() throws SQLException {
        assertThat(TriggerDetector.triggers(phaseChanged("books", "prod", Phase.VERIFYING, Phase.SUCCEEDED), UNKNOWN))
                .containsExactly(Trigger.SUCCEEDED);
    }

    @Test
    void failingOrAbortingOutsideVerificationIsAFailure() throws SQLException {
        assertThat(TriggerDetector.triggers(phaseChanged("books", "prod", Phase.WRITING, Phase.FAILED), UNKNOWN))
                .containsExactly(Trigger.FAILED);
        assertThat(TriggerDetector.triggers(phaseChanged("books", "prod", Phase.PENDING, Phase.ABORTED), UNKNOWN))
                .containsExactly(Trigger.FAILED);
    }

    @Test
    void failingWhileVerifyingOrAFailedVerdictIsAFailedVerification() throws SQLException {
        assertThat(TriggerDetector.triggers(phaseChanged("books", "prod", Phase.VERIFYING, Phase.FAILED), UNKNOWN))
                .containsExactly(Trigger.VERIFICATION_FAILED);
        assertThat(TriggerDetector.triggers(verdict("books", "prod", AnalysisCompleted.Phase.FAILED), UNKNOWN))
                .containsExactly(Trigger.VERIFICATION_FAILED);
        assertThat(TriggerDetector.triggers(verdict("books", "prod", AnalysisCompleted.Phase.ERROR), UNKNOWN))
                .containsExactly(Trigger.VERIFICATION_FAILED);
        assertThat(TriggerDetector.triggers(verdict("books", "prod", AnalysisCompleted.Phase.SUCCESSFUL), UNKNOWN))
                .isEmpty();
    }

    @Test
    void otherChangesTellNothing() throws SQLException {
        assertThat(TriggerDetector.triggers(phaseChanged("books", "prod", Phase.PENDING, Phase.WRITING), REQUIRED))
                .isEmpty();
        assertThat(TriggerDetector.triggers(
                        update("books", "prod", "p-1", Change.REJECTED, Phase.REJECTED, Phase.PENDING), REQUIRED))
                .isEmpty();
        assertThat(TriggerDetector.triggers(
                        update("books", "prod", "p-1", Change.HOLD_SET, Phase.SUCCEEDED, null), REQUIRED))
                .isEmpty();
        assertThat(TriggerDetector.triggers("not an event", REQUIRED)).isEmpty();
    }
}
