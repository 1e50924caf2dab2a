package io.gitopsflow.messaging.warmup;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the start's warm-ups run: a new instance takes its first webhook, and a rolling update retires the
 * old one, once its first pass through its own code is made. Each warm-up that ended says how long it took or why it
 * failed (a failed one holds nothing back).
 */
@Readiness
@ApplicationScoped
public class WarmUpCheck implements HealthCheck {

    private final WarmUps warmUps;

    public WarmUpCheck(WarmUps warmUps) {
        this.warmUps = warmUps;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("warm-up");
        warmUps.outcomes()
                .forEach((name, outcome) -> response.withData(
                        name,
                        outcome.failure()
                                .map(reason -> "failed: " + reason)
                                .orElse(outcome.took().toMillis() + " ms")));
        return response.status(!warmUps.running()).build();
    }
}
