package io.gitopsflow.console.health;

import io.gitopsflow.console.service.ChangeFeed;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether this instance hears the read model's changes for its live streams (it listens on the database's change
 * channel). Shown in the health details ({@code /q/health}, {@code /q/health/well}), not in readiness: without it
 * the REST API still answers, and the database's own check already takes the instance out while the database is away.
 */
@Wellness
@ApplicationScoped
public class LiveStreamsCheck implements HealthCheck {

    private final ChangeFeed feed;

    public LiveStreamsCheck(ChangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live streams")
                .status(feed.live())
                .withData("channel", "console_changes")
                .build();
    }
}
