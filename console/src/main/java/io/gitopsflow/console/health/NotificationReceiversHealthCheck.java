package io.gitopsflow.console.health;

import io.gitopsflow.console.repository.NotificationQueue;
import io.gitopsflow.console.repository.NotificationQueue.FailingReceiver;
import io.gitopsflow.console.service.notifications.NotificationRules;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows the notification receivers whose last tries failed, since when, how many in a row and the last error (never
 * the URL) — in the readiness details and nothing more: a dead Slack must not take the console out of its Service, so
 * this check is always UP.
 */
@Readiness
@ApplicationScoped
public class NotificationReceiversHealthCheck implements AsyncHealthCheck {

    static final String NAME = "notification receivers";

    private final NotificationQueue queue;
    private final NotificationRules rules;

    public NotificationReceiversHealthCheck(NotificationQueue queue, NotificationRules rules) {
        this.queue = queue;
        this.rules = rules;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (rules.receivers().isEmpty()) {
            return Uni.createFrom()
                    .item(HealthCheckResponse.named(NAME)
                            .up()
                            .withData("receivers", 0)
                            .build());
        }
        return queue.failing()
                .ifNoItem()
                .after(Duration.ofSeconds(2))
                .fail()
                .map(this::response)
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named(NAME)
                        .up()
                        .withData("receivers", rules.receivers().size())
                        .withData("unknown", "the receivers' state cannot be read: " + failure.getMessage())
                        .build());
    }

    private HealthCheckResponse response(List<FailingReceiver> all) {
        List<FailingReceiver> failing = all.stream()
                .filter(receiver -> rules.receiver(receiver.receiver()).isPresent())
                .toList();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .up()
                .withData("receivers", rules.receivers().size())
                .withData("failing", failing.size());
        for (FailingReceiver receiver : failing) {
            response.withData(
                    receiver.receiver(),
                    "failing since " + receiver.since() + " (" + receiver.failures() + " failed tries in a row)"
                            + (receiver.lastError() == null ? "" : ": " + receiver.lastError()));
        }
        return response.build();
    }
}
