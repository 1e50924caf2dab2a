package io.gitopsflow.console.service.notifications;

import io.gitopsflow.console.config.NotificationsConfig;
import io.gitopsflow.console.repository.NotificationRepository;
import io.gitopsflow.console.repository.NotificationRepository.Queued;
import io.gitopsflow.console.repository.ReadModelSessions;
import io.gitopsflow.console.service.ProjectedEvent;
import io.gitopsflow.console.service.ProjectionObserver;
import io.gitopsflow.console.service.notifications.NotificationRules.Target;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues the notifications the live projection's new events call for, in the poll's transaction: a notification is
 * queued exactly when the event is stored for the first time, so a redelivered event queues nothing and a crash before
 * the commit queues nothing either (the redelivery will). Sending happens later, off this thread
 * ({@link NotificationRunner}). A replay does not call observers: rebuilding the read model notifies no one again. An
 * event whose notification the database refuses is left without one (logged) rather than holding the projection.
 */
@ApplicationScoped
public class NotificationObserver implements ProjectionObserver {

    private final NotificationRules rules;
    private final NotificationRepository notifications;
    private final NotificationRunner runner;
    private final Duration sameFailureWithin;

    public NotificationObserver(
            NotificationRules rules,
            NotificationRepository notifications,
            NotificationRunner runner,
            NotificationsConfig config) {
        this.rules = rules;
        this.notifications = notifications;
        this.runner = runner;
        this.sameFailureWithin = config.sender().sameFailureWithin();
    }

    @Override
    public void projected(List<ProjectedEvent> events, Connection connection) throws SQLException {
        if (!rules.any()) {
            return;
        }
        int queued = 0;
        for (ProjectedEvent event : events) {
            List<Planned> planned;
            try {
                planned = plan(event, connection);
            } catch (RuntimeException e) {
                Log.warnf("event %s: its notifications could not be worked out: %s", event.id(), e.getMessage());
                continue;
            }
            if (planned.isEmpty()) {
                continue; // most events call for no message: no savepoint, no round trip on the projection's path
            }
            Savepoint savepoint = connection.setSavepoint();
            try {
                queued += queue(event, planned, connection);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                if (!ReadModelSessions.isContentError(e)) {
                    throw e;
                }
                connection.rollback(savepoint);
                Log.warnf("event %s: its notifications are refused by the database: %s", event.id(), e.getMessage());
            } catch (RuntimeException e) {
                connection.rollback(savepoint);
                Log.warnf("event %s: its notifications could not be written: %s", event.id(), e.getMessage());
            }
        }
        if (queued > 0) {
            runner.queued();
        }
    }

    /** Queues what {@code event} calls for; returns how many notifications were queued. */
    int queue(ProjectedEvent event, Connection connection) throws SQLException {
        return queue(event, plan(event, connection), connection);
    }

    /** A message an event calls for: its outcome, to one rule's receiver. */
    private record Planned(Outcome outcome, Target target) {}

    /** What {@code event} calls for under the rules (reads only). */
    private List<Planned> plan(ProjectedEvent event, Connection connection) throws SQLException {
        Object data = event.event().data();
        List<Trigger> triggers = TriggerDetector.triggers(
                data, (project, stage) -> notifications.stageRequiresApprovals(connection, project, stage));
        List<Planned> planned = new ArrayList<>();
        for (Trigger trigger : triggers) {
            Outcome outcome = Outcome.of(trigger, data, event.keys().commitSha());
            for (Target target : rules.targets(outcome.project(), outcome.stage(), trigger)) {
                planned.add(new Planned(outcome, target));
            }
        }
        return planned;
    }

    private int queue(ProjectedEvent event, List<Planned> planned, Connection connection) throws SQLException {
        int queued = 0;
        for (Planned message : planned) {
            if (queue(event, message.outcome(), message.target(), connection)) {
                queued++;
            }
        }
        return queued;
    }

    private boolean queue(ProjectedEvent event, Outcome outcome, Target target, Connection connection)
            throws SQLException {
        String rule = target.rule();
        String receiver = target.receiver().name();
        Trigger trigger = outcome.trigger();
        if (trigger == Trigger.VERIFICATION_FAILED) {
            notifications.lockSameFailure(connection, rule, receiver, outcome.promotionId(), trigger.configName());
        }
        if (trigger == Trigger.VERIFICATION_FAILED
                && notifications.queuedNear(
                        connection,
                        rule,
                        receiver,
                        outcome.promotionId(),
                        trigger.configName(),
                        outcome.at(),
                        sameFailureWithin)) {
            return false; // the verdict and the phase change it caused are one failure
        }
        Messages.Message message = Messages.render(target.receiver().kind(), outcome, event.event());
        String id = rule + "/" + receiver + "/" + trigger.configName() + "/" + event.id();
        String dedupe = trigger == Trigger.AWAITING_APPROVAL ? trigger.configName() + "/" + outcome.promotionId() : id;
        return notifications.queue(
                connection,
                new Queued(
                        id,
                        rule,
                        receiver,
                        trigger.configName(),
                        dedupe,
                        event.id(),
                        event.type(),
                        outcome.project(),
                        outcome.stage(),
                        outcome.promotionId(),
                        outcome.commit(),
                        outcome.at(),
                        message.contentType(),
                        message.body()));
    }
}
