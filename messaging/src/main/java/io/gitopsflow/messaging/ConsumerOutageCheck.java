package io.gitopsflow.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while a consumer waits for an outage to end, with the topic, the position and the reason. */
@Readiness
@ApplicationScoped
public class ConsumerOutageCheck implements HealthCheck {

    private final ConsumerOutages outages;

    public ConsumerOutageCheck(ConsumerOutages outages) {
        this.outages = outages;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event consumers");
        var waiting = outages.waiting();
        waiting.forEach((key, record) -> response.withData(
                key, "retrying (attempt " + record.attempts() + " since " + record.since() + "): " + record.reason()));
        return response.status(waiting.isEmpty()).build();
    }
}
