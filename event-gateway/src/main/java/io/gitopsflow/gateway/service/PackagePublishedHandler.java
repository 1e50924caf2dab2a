package io.gitopsflow.gateway.service;

import static io.gitopsflow.gateway.service.RejectedWebhookException.invalidAs400;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.gateway.messaging.GatewayPublisher;
import io.gitopsflow.gateway.provider.GitHubPackages;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * A GitHub Container Registry {@code package} / {@code registry_package} event, already authenticated, to at most one
 * {@code image-published}. Published once per image, tag and digest: GitHub fires both events for one push when a
 * webhook subscribes to both, each with its own delivery id.
 */
@ApplicationScoped
public class PackagePublishedHandler {

    static final String SOURCE = "ghcr";

    private final GitHubPackages packages;
    private final DeliveryPublication publication;
    private final GatewayPublisher publisher;

    public PackagePublishedHandler(
            GitHubPackages packages, DeliveryPublication publication, GatewayPublisher publisher) {
        this.packages = packages;
        this.publication = publication;
        this.publisher = publisher;
    }

    /** Handles one authenticated package event body. */
    public Uni<WebhookOutcome> handle(JsonNode payload, String deliveryId, Instant receivedAt) {
        GitHubPackages.Announcement announcement = invalidAs400(() -> packages.parse(payload, receivedAt));
        if (announcement.image() == null) {
            return Uni.createFrom().item(WebhookOutcome.ignored(deliveryId, announcement.ignoredReason()));
        }
        ImagePublished image = announcement.image();
        String key = DeliveryKeys.key(
                SOURCE, image.imageRepository() + ":" + image.tags().get(0) + "@" + image.digest());
        return publication
                .publishOnce(key, SOURCE, image.imageRepository(), () -> publisher.publish(image, null))
                .map(eventId -> eventId == null
                        ? WebhookOutcome.duplicate(deliveryId)
                        : WebhookOutcome.accepted(deliveryId, List.of(eventId)));
    }
}
