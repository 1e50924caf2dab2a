package io.gitopsflow.gateway.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.messaging.GatewayPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * An {@code image-published} CloudEvent announced by a build done elsewhere (e.g. GitHub Actions), published once per
 * CloudEvent source and id.
 */
@ApplicationScoped
public class ExternalImageHandler {

    private final GatewayConfig config;
    private final WebhookAuthenticator authenticator;
    private final DeliveryPublication publication;
    private final GatewayPublisher publisher;

    public ExternalImageHandler(
            GatewayConfig config,
            WebhookAuthenticator authenticator,
            DeliveryPublication publication,
            GatewayPublisher publisher) {
        this.config = config;
        this.authenticator = authenticator;
        this.publication = publication;
        this.publisher = publisher;
    }

    /** Checks the bearer token of {@code POST /events}; the caller does it before reading anything else. */
    public void verifyToken(String authorization) {
        authenticator.verifyBearer(config.secrets().eventsToken(), authorization, "POST /events");
    }

    /** Handles one announcement; the caller verified the token with {@link #verifyToken} first. */
    public Uni<WebhookOutcome> handle(String authorization, CloudEventAttributes attributes, byte[] data) {
        verifyToken(authorization);
        if (!EventType.IMAGE_PUBLISHED.cloudEventType().equals(attributes.type())) {
            throw new RejectedWebhookException(
                    400, "only " + EventType.IMAGE_PUBLISHED.cloudEventType() + " events can be announced here");
        }
        String source =
                DeliveryKeys.require("CloudEvent source", attributes.source().toString(), DeliveryKeys.SOURCE_MAX);
        String id = DeliveryKeys.require("CloudEvent id", attributes.id(), DeliveryKeys.ID_MAX);
        ImagePublished image;
        try {
            image = EventCodec.decode(EventType.IMAGE_PUBLISHED, data);
        } catch (InvalidEventException e) {
            throw new RejectedWebhookException(400, e.getMessage());
        }
        return publication
                .publishOnce(
                        DeliveryKeys.key("events", source + ":" + id),
                        "events",
                        image.imageRepository(),
                        () -> publisher.publish(image, attributes.correlationId()))
                .map(eventId ->
                        eventId == null ? WebhookOutcome.duplicate(id) : WebhookOutcome.accepted(id, List.of(eventId)));
    }
}
