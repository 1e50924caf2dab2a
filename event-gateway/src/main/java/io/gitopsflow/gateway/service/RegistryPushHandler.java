package io.gitopsflow.gateway.service;

import static io.gitopsflow.gateway.service.RejectedWebhookException.invalidAs400;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.messaging.GatewayPublisher;
import io.gitopsflow.gateway.provider.RegistryNotifications;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * An OCI registry's notification envelope (CNCF distribution, or Harbor's push webhook) to one
 * {@code image-published} per manifest pushed with a tag, each published once.
 */
@ApplicationScoped
public class RegistryPushHandler {

    /** The media type of CNCF distribution notifications up to v2.8. */
    public static final String REGISTRY_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    /** The media type of distribution v3 ({@code registry:3}); the envelope is the same, its version was bumped. */
    public static final String REGISTRY_MEDIA_TYPE_V3 = "application/vnd.docker.distribution.events.v2+json";

    private final GatewayConfig config;
    private final WebhookAuthenticator authenticator;
    private final JsonBodies bodies;
    private final RegistryNotifications registry;
    private final DeliveryPublication publication;
    private final GatewayPublisher publisher;

    public RegistryPushHandler(
            GatewayConfig config,
            WebhookAuthenticator authenticator,
            JsonBodies bodies,
            RegistryNotifications registry,
            DeliveryPublication publication,
            GatewayPublisher publisher) {
        this.config = config;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.registry = registry;
        this.publication = publication;
        this.publisher = publisher;
    }

    /** Handles one notification; the bearer token is checked before anything is read from the body. */
    public Uni<WebhookOutcome> handle(String authorization, boolean harbor, String contentType, byte[] body) {
        authenticator.verifyBearer(config.secrets().registryToken(), authorization, "registry notifications");
        JsonNode payload = bodies.readObject(
                body, JsonBodies.requireJson(contentType, REGISTRY_MEDIA_TYPE, REGISTRY_MEDIA_TYPE_V3));
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ImagePublished> images = invalidAs400(
                () -> harbor ? registry.parseHarbor(payload, received) : registry.parse(payload, received));
        String deliveryId = DeliveryKeys.ofBody(body);
        if (images.isEmpty()) {
            return Uni.createFrom()
                    .item(WebhookOutcome.ignored(
                            deliveryId, "no manifest push with a tag (pulls, blobs and deletes are ignored)"));
        }
        // one after the other: the reactive session of a request must not be used concurrently
        return Multi.createFrom()
                .iterable(images)
                .onItem()
                .transformToUniAndConcatenate(image -> publishOnce(image).map(Optional::ofNullable))
                .collect()
                .asList()
                .map(ids -> {
                    List<String> published =
                            ids.stream().flatMap(Optional::stream).toList();
                    return published.isEmpty()
                            ? WebhookOutcome.duplicate(deliveryId)
                            : WebhookOutcome.accepted(deliveryId, published);
                });
    }

    private Uni<String> publishOnce(ImagePublished image) {
        // repository, tag and digest can be longer than the column together: then hashed
        String key = DeliveryKeys.key(
                "registry", image.imageRepository() + ":" + image.tags().get(0) + "@" + image.digest());
        return publication.publishOnce(key, "registry", image.imageRepository(), () -> publisher.publish(image, null));
    }
}
