package io.gitopsflow.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.messaging.GatewayEvents;
import io.gitopsflow.gateway.provider.GitProviderWebhook;
import io.gitopsflow.gateway.provider.InvalidWebhookException;
import io.gitopsflow.gateway.provider.RegistryNotifications;
import io.gitopsflow.gateway.provider.WebhookKind;
import io.gitopsflow.gateway.repository.DeliveryRepository;
import io.gitopsflow.gateway.rules.SensorRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Turns one webhook into at most one published event per artifact: authenticate, parse, classify, normalize, apply
 * the Sensor rules, claim the delivery id, publish, and answer only once Kafka acknowledged. A failed publication
 * gives the claim back and answers 503, so the provider's retry is processed, not dropped as a duplicate.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    /** The media type of CNCF distribution notifications. */
    public static final String REGISTRY_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    private final GatewayConfig config;
    private final WebhookAuthenticator authenticator;
    private final SensorRules rules;
    private final DeliveryRepository deliveries;
    private final GatewayEvents events;
    private final RegistryNotifications registry;
    private final MeterRegistry meters;
    private final JsonBodies bodies;
    private final CloneUrlPolicy cloneUrls;

    public WebhookService(
            GatewayConfig config,
            WebhookAuthenticator authenticator,
            SensorRules rules,
            DeliveryRepository deliveries,
            GatewayEvents events,
            RegistryNotifications registry,
            MeterRegistry meters,
            JsonBodies bodies,
            CloneUrlPolicy cloneUrls) {
        this.config = config;
        this.authenticator = authenticator;
        this.rules = rules;
        this.deliveries = deliveries;
        this.events = events;
        this.registry = registry;
        this.meters = meters;
        this.bodies = bodies;
        this.cloneUrls = cloneUrls;
    }

    /** Times one step of the publication (claim, publish, record) for /q/metrics. */
    private <T> Uni<T> timed(String step, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(meters);
            return work.get()
                    .onTermination()
                    .invoke(() -> sample.stop(meters.timer("gitopsflow.gateway.step", "step", step)));
        });
    }

    /**
     * A push (or ping) webhook of a Git provider. The signature is verified before anything is read from the body, so
     * an unauthenticated caller gets the same 401 whatever it sends.
     */
    public Uni<WebhookOutcome> gitWebhook(
            GitProviderWebhook provider, Function<String, String> headers, String contentType, byte[] body) {
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String signatureHeader = provider.signatureHeader();
        Set<String> signers =
                authenticator.verify(provider.authentication(), signatureHeader, headers.apply(signatureHeader), body);
        JsonNode payload = bodies.readObject(body, JsonBodies.requireJson(contentType, MediaType.APPLICATION_JSON));
        WebhookKind kind = provider.kind(headers);
        // an organization's ping names no repository: it is checked against the default secret
        String repository = provider.repositoryFullName(payload)
                .or(() -> kind == WebhookKind.PING ? Optional.of(WebhookAuthenticator.NO_REPOSITORY) : Optional.empty())
                .orElseThrow(() -> new RejectedWebhookException(400, "the payload names no valid repository"));
        authenticator.requireSecretOf(repository, signers, signatureHeader);

        String providerId = provider.deliveryId(headers);
        String deliveryId = providerId == null
                ? "sha256-" + sha256(body)
                : DeliveryKeys.require("delivery id", providerId, DeliveryKeys.ID_MAX);
        if (kind == WebhookKind.PING) {
            return Uni.createFrom().item(WebhookOutcome.pong(deliveryId));
        }
        if (kind == WebhookKind.OTHER) {
            String event = provider.eventName(headers);
            return Uni.createFrom()
                    .item(WebhookOutcome.ignored(
                            deliveryId, "event " + (event == null ? "(none)" : printable(event)) + " is not handled"));
        }
        if (invalidAs400(() -> provider.isBranchDeletion(payload))) {
            return Uni.createFrom().item(WebhookOutcome.ignored(deliveryId, "branch deletions do not trigger"));
        }
        CommitPushed push = invalidAs400(() -> provider.normalize(payload, deliveryId, received));
        cloneUrls.check(provider.pathSegment(), push.repository());
        SensorRules.Decision decision = rules.evaluate(push);
        if (!decision.triggers()) {
            return Uni.createFrom().item(WebhookOutcome.ignored(deliveryId, decision.reason()));
        }
        String key = DeliveryKeys.key(provider.pathSegment(), deliveryId);
        return publishOnce(key, provider.pathSegment(), repository, () -> events.publish(push))
                .map(eventId -> eventId == null
                        ? WebhookOutcome.duplicate(deliveryId)
                        : WebhookOutcome.accepted(deliveryId, List.of(eventId)));
    }

    /** A CNCF distribution registry notification envelope (or Harbor's push webhook). */
    public Uni<WebhookOutcome> registryNotification(
            String authorization, boolean harbor, String contentType, byte[] body) {
        authenticator.verifyBearer(config.secrets().registryToken(), authorization, "registry notifications");
        JsonNode payload = bodies.readObject(body, JsonBodies.requireJson(contentType, REGISTRY_MEDIA_TYPE));
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ImagePublished> images = invalidAs400(
                () -> harbor ? registry.parseHarbor(payload, received) : registry.parse(payload, received));
        String deliveryId = "sha256-" + sha256(body);
        if (images.isEmpty()) {
            return Uni.createFrom()
                    .item(WebhookOutcome.ignored(
                            deliveryId, "no manifest push with a tag (pulls, blobs and deletes" + " are ignored)"));
        }
        // one after the other: the reactive session of a request must not be used concurrently
        return Multi.createFrom()
                .iterable(images)
                .onItem()
                .transformToUniAndConcatenate(image -> publishOnce(
                                // repository, tag and digest can be longer than the column together: then hashed
                                DeliveryKeys.key(
                                        "registry",
                                        image.imageRepository() + ":"
                                                + image.tags().get(0) + "@" + image.digest()),
                                "registry",
                                image.imageRepository(),
                                () -> events.publish(image, null))
                        .map(Optional::ofNullable))
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

    /** Checks the bearer token of {@code POST /events}; the caller does it before reading anything else. */
    public void verifyEventsToken(String authorization) {
        authenticator.verifyBearer(config.secrets().eventsToken(), authorization, "POST /events");
    }

    /**
     * An {@code image-published} CloudEvent announced by a build done elsewhere; the caller verified the token with
     * {@link #verifyEventsToken} first.
     */
    public Uni<WebhookOutcome> externalImage(String authorization, CloudEventAttributes attributes, byte[] data) {
        verifyEventsToken(authorization);
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
        return publishOnce(
                        DeliveryKeys.key("events", source + ":" + id),
                        "events",
                        image.imageRepository(),
                        () -> events.publish(image, attributes.correlationId()))
                .map(eventId ->
                        eventId == null ? WebhookOutcome.duplicate(id) : WebhookOutcome.accepted(id, List.of(eventId)));
    }

    /** Claims the delivery, publishes, records it; null when the delivery was a duplicate. */
    private Uni<String> publishOnce(
            String key, String source, String subject, Supplier<Uni<CloudEventAttributes>> publication) {
        OffsetDateTime staleBefore = OffsetDateTime.now(ZoneOffset.UTC).minus(config.staleClaim());
        return timed("claim", () -> deliveries.claim(key, source, DeliveryKeys.subject(subject), staleBefore))
                .onFailure()
                .transform(failure -> unavailable("the delivery store is unavailable", failure))
                .chain(claimed -> {
                    if (!claimed) {
                        return Uni.createFrom().nullItem();
                    }
                    return timed("publish", publication)
                            .ifNoItem()
                            .after(config.publishTimeout())
                            .fail()
                            .onFailure()
                            .call(failure -> deliveries.release(key).onFailure().recoverWithNull())
                            .onFailure()
                            .transform(failure -> unavailable("Kafka did not acknowledge the event", failure))
                            .invoke(attributes -> recordPublished(key, attributes.id()))
                            .map(CloudEventAttributes::id);
                });
    }

    /**
     * Marks the delivery published without holding the answer back: the provider needs Kafka's acknowledgement, not
     * this bookkeeping. Should it be lost, the claim only goes stale, and a redelivery after that publishes again
     * (at least once; consumers are idempotent).
     */
    private void recordPublished(String key, String eventId) {
        timed("record", () -> deliveries.markPublished(key, eventId))
                .subscribe()
                .with(
                        done -> {},
                        failure -> LOG.warnf(
                                "event %s of delivery %s is published, but not recorded: %s",
                                eventId, key, failure.getMessage()));
    }

    private static RejectedWebhookException unavailable(String reason, Throwable failure) {
        LOG.warnf("%s: %s", reason, failure.toString());
        return new RejectedWebhookException(503, reason + "; retry later");
    }

    /** Runs a step that reads the payload; a payload it cannot read is the caller's mistake, a 400 with the reason. */
    private static <T> T invalidAs400(Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidWebhookException e) {
            throw new RejectedWebhookException(400, e.getMessage());
        }
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A header value fit for an answer: printable ASCII, at most 80 characters. */
    private static String printable(String value) {
        String quoted = InvalidNameException.quote(value);
        return quoted.substring(1, quoted.length() - 1);
    }
}
