package io.gitopsflow.console.service.notifications;

import io.gitopsflow.console.config.NotificationsConfig;
import io.gitopsflow.console.repository.NotificationWork;
import io.gitopsflow.messaging.work.DurableQueue;
import io.gitopsflow.messaging.work.WorkRunner;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Drains the notification queue with the shared {@link WorkRunner}: at most {@code max-concurrent} sends at once per
 * instance, leases renewed while a receiver is slow, a tick (every {@code tick-every}) that starts the tries whose
 * wait is over. Started only when some rule can send something.
 */
@ApplicationScoped
public class NotificationRunner {

    /** A wake-up a little after the projection queued notifications: its transaction has committed by then. */
    private static final Duration AFTER_COMMIT = Duration.ofMillis(50);

    private final Vertx vertx;
    private final WorkRunner runner;
    private final boolean enabled;

    public NotificationRunner(
            Vertx vertx,
            @NotificationWork DurableQueue queue,
            NotificationSender sender,
            NotificationRules rules,
            NotificationsConfig config) {
        this.vertx = vertx;
        this.enabled = rules.any();
        this.runner = WorkRunner.builder("notifications", vertx, queue, sender)
                .maxConcurrent(config.sender().maxConcurrent())
                .lease(Duration.ofMillis(Math.max(300, config.sender().timeout().toMillis() * 3)))
                .tickEvery(config.sender().tickEvery())
                .owner(sender.owner())
                .build();
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            Log.info("no notification rules: nothing is sent");
            return;
        }
        runner.start();
        runner.wake();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (enabled) {
            runner.stop();
        }
    }

    /** Notifications were queued in a transaction about to commit: look at the queue right after. */
    public void queued() {
        if (enabled) {
            vertx.setTimer(AFTER_COMMIT.toMillis(), timer -> runner.wake());
        }
    }
}
