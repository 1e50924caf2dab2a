package io.gitopsflow.writer.health;

import io.gitopsflow.writer.messaging.IntakeOutage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while a {@code promotion-requested} poll waits for an outage to end, with the reason. */
@Readiness
@ApplicationScoped
public class IntakeOutageCheck implements HealthCheck {

    private final IntakeOutage outage;

    public IntakeOutageCheck(IntakeOutage outage) {
        this.outage = outage;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("promotion-requested intake");
        outage.waiting()
                .ifPresent(poll -> response.withData(
                        "promotion-requested",
                        poll.records() + " record(s) retrying (attempt " + poll.attempts() + " since " + poll.since()
                                + "): " + poll.reason()));
        return response.status(outage.waiting().isEmpty()).build();
    }
}
