package io.gitopsflow.gateway.service;

import static io.gitopsflow.gateway.service.RejectedWebhookException.invalidAs400;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.provider.RegistryNotifications;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Docker Hub's push webhook. Docker Hub sends no header and signs nothing, so the secret is the last segment of the
 * URL it is given; the push names a tag but no digest, so it is answered 200 with the reason and publishes nothing.
 */
@ApplicationScoped
public class DockerHubPushHandler {

    private final GatewayConfig config;
    private final WebhookAuthenticator authenticator;
    private final JsonBodies bodies;
    private final RegistryNotifications registry;

    public DockerHubPushHandler(
            GatewayConfig config,
            WebhookAuthenticator authenticator,
            JsonBodies bodies,
            RegistryNotifications registry) {
        this.config = config;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.registry = registry;
    }

    /** Handles one push; the URL's secret is checked, in constant time, before anything is read from the body. */
    public Uni<WebhookOutcome> handle(String urlSecret, String contentType, byte[] body) {
        authenticator.verifyUrlSecret(config.secrets().dockerHubToken(), urlSecret, "Docker Hub webhooks");
        JsonNode payload = bodies.readObject(body, JsonBodies.requireJson(contentType, MediaType.APPLICATION_JSON));
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // checks push_data.tag and repository.repo_name: a body that is no Docker Hub push is a 400, not a silent 200
        invalidAs400(() -> registry.parseDockerHub(payload, received));
        return Uni.createFrom()
                .item(WebhookOutcome.ignored(DeliveryKeys.ofBody(body), registry.dockerHubIgnoredReason()));
    }
}
