package io.gitopsflow.gateway.rest;

import io.gitopsflow.gateway.service.RejectedWebhookException;
import io.gitopsflow.gateway.service.WebhookOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/** Counts outcomes by provider and times every webhook to its answer. */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Uni<Response> measure(String provider, Supplier<Uni<WebhookOutcome>> handling) {
        Timer.Sample sample = Timer.start(registry);
        return Uni.createFrom()
                .deferred(handling::get)
                .onFailure(RejectedWebhookException.class)
                .recoverWithItem(failure -> {
                    RejectedWebhookException rejected = (RejectedWebhookException) failure;
                    return WebhookOutcome.rejected(rejected.status(), rejected.getMessage());
                })
                .invoke(outcome -> {
                    registry.counter(
                                    "gitopsflow.gateway.webhooks",
                                    "provider",
                                    provider,
                                    "outcome",
                                    outcome.outcome(),
                                    "status",
                                    String.valueOf(outcome.status()))
                            .increment();
                    sample.stop(registry.timer("gitopsflow.gateway.webhook.latency", "provider", provider));
                })
                .map(WebhookResource::toResponse);
    }
}
