package io.gitopsflow.gateway.service;

import static io.gitopsflow.gateway.service.RejectedWebhookException.invalidAs400;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.messaging.GatewayPublisher;
import io.gitopsflow.gateway.provider.RegistryNotifications;
import io.gitopsflow.gateway.provider.RegistryNotifications.DockerHubPush;
import io.gitopsflow.gateway.registry.RegistryDigests;
import io.gitopsflow.gateway.registry.RegistryDigests.RegistryUnavailableException;
import io.gitopsflow.messaging.VertxContexts;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Docker Hub's push webhook. Docker Hub sends no header and signs nothing, so the secret is the last segment of the
 * URL it is given. The push names a tag but no digest, so the tag is looked up in Docker Hub's registry (as a Kargo
 * Warehouse would) and the digest it points at now is published, once per repository, tag and digest.
 */
@ApplicationScoped
public class DockerHubPushHandler {

    private final GatewayConfig config;
    private final WebhookAuthenticator authenticator;
    private final JsonBodies bodies;
    private final RegistryNotifications registry;
    private final RegistryDigests digests;
    private final DeliveryPublication publication;
    private final GatewayPublisher publisher;

    public DockerHubPushHandler(
            GatewayConfig config,
            WebhookAuthenticator authenticator,
            JsonBodies bodies,
            RegistryNotifications registry,
            RegistryDigests digests,
            DeliveryPublication publication,
            GatewayPublisher publisher) {
        this.config = config;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.registry = registry;
        this.digests = digests;
        this.publication = publication;
        this.publisher = publisher;
    }

    /** Handles one push; the URL's secret is checked, in constant time, before anything is read from the body. */
    public Uni<WebhookOutcome> handle(String urlSecret, String contentType, byte[] body) {
        authenticator.verifyUrlSecret(config.secrets().dockerHubToken(), urlSecret, "Docker Hub webhooks");
        JsonNode payload = bodies.readObject(body, JsonBodies.requireJson(contentType, MediaType.APPLICATION_JSON));
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DockerHubPush push = invalidAs400(() -> registry.parseDockerHub(payload, received));
        String deliveryId = DeliveryKeys.ofBody(body);
        Executor backOnContext = VertxContexts.backHere();
        return digests.dockerHubDigest(push.repository(), push.tag())
                .emitOn(backOnContext)
                .onFailure(RegistryUnavailableException.class)
                .transform(failure -> {
                    Log.warnf("Docker Hub push of %s:%s: %s", push.repository(), push.tag(), failure.getMessage());
                    return new RejectedWebhookException(503, "Docker Hub's registry cannot be read; retry later");
                })
                .chain(digest -> digest.isEmpty()
                        ? Uni.createFrom()
                                .item(WebhookOutcome.ignored(
                                        deliveryId,
                                        "tag " + push.tag() + " is not in " + push.repository() + " (deleted since?)"))
                        : publishOnce(push.image(digest.get()), deliveryId));
    }

    private Uni<WebhookOutcome> publishOnce(ImagePublished image, String deliveryId) {
        String key = DeliveryKeys.key(
                "dockerhub", image.imageRepository() + ":" + image.tags().get(0) + "@" + image.digest());
        return publication
                .publishOnce(key, "dockerhub", image.imageRepository(), () -> publisher.publish(image, null))
                .map(eventId -> eventId == null
                        ? WebhookOutcome.duplicate(deliveryId)
                        : WebhookOutcome.accepted(deliveryId, List.of(eventId)));
    }
}
