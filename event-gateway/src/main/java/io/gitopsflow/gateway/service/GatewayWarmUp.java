package io.gitopsflow.gateway.service;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.gateway.provider.GitHubWebhook;
import io.gitopsflow.gateway.repository.DeliveryRepository;
import io.gitopsflow.gateway.rules.SensorRules;
import io.gitopsflow.messaging.warmup.WarmUp;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A GitHub push read as a webhook's would be, made once after the start: its HMAC computed (with a key of its own),
 * the body parsed, the push normalized, the Sensor rules evaluated, the event encoded, and the deliveries table read.
 * Nothing is published and nothing stored, so the first webhook then runs code already loaded and compiled
 * (docs/benchmarks.md, "The whole stack").
 */
@ApplicationScoped
public class GatewayWarmUp implements WarmUp {

    private static final String SAMPLE = "/warm-up/github-push.json";

    private final JsonBodies bodies;
    private final GitHubWebhook github;
    private final SensorRules rules;
    private final DeliveryRepository deliveries;

    public GatewayWarmUp(JsonBodies bodies, GitHubWebhook github, SensorRules rules, DeliveryRepository deliveries) {
        this.bodies = bodies;
        this.github = github;
        this.rules = rules;
        this.deliveries = deliveries;
    }

    @Override
    public String name() {
        return "event-gateway's push reading";
    }

    @Override
    public Uni<?> run() {
        return Uni.createFrom()
                .item(() -> {
                    byte[] body = sample();
                    WebhookAuthenticator.hmacHex("warm-up", body);
                    CommitPushed push = github.normalize(
                            bodies.readObject(body, MediaType.APPLICATION_JSON), "warm-up", Instant.now());
                    rules.evaluate(push);
                    return EventCodec.encode(push);
                })
                // parsing a cold payload took 0.6 s: not on the event loop that answers the health probes
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(() -> deliveries.published(DeliveryKeys.key(github.pathSegment(), "warm-up")));
    }

    private static byte[] sample() {
        try (InputStream in = GatewayWarmUp.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException(SAMPLE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
