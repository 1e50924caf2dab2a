package io.gitopsflow.gateway.service;

import static io.gitopsflow.gateway.service.RejectedWebhookException.invalidAs400;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.gateway.messaging.GatewayPublisher;
import io.gitopsflow.gateway.provider.GitProviderWebhook;
import io.gitopsflow.gateway.provider.WebhookKind;
import io.gitopsflow.gateway.rules.SensorRules;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A Git provider's push (or ping) webhook to at most one {@code commit-pushed}: authenticate, parse, classify,
 * normalize, apply the Sensor rules, then publish once per delivery. GitHub's package events go, once authenticated,
 * to {@link PackagePublishedHandler}.
 */
@ApplicationScoped
public class GitPushHandler {

    private final WebhookAuthenticator authenticator;
    private final JsonBodies bodies;
    private final CloneUrlPolicy cloneUrls;
    private final SensorRules rules;
    private final DeliveryPublication publication;
    private final GatewayPublisher publisher;
    private final PackagePublishedHandler packages;

    public GitPushHandler(
            WebhookAuthenticator authenticator,
            JsonBodies bodies,
            CloneUrlPolicy cloneUrls,
            SensorRules rules,
            DeliveryPublication publication,
            GatewayPublisher publisher,
            PackagePublishedHandler packages) {
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.cloneUrls = cloneUrls;
        this.rules = rules;
        this.publication = publication;
        this.publisher = publisher;
        this.packages = packages;
    }

    /**
     * Handles one webhook. The signature is verified before anything is read from the body, so an unauthenticated
     * caller gets the same 401 whatever it sends.
     */
    public Uni<WebhookOutcome> handle(
            GitProviderWebhook provider, Function<String, String> headers, String contentType, byte[] body) {
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String signatureHeader = provider.signatureHeader();
        Set<String> signers =
                authenticator.verify(provider.authentication(), signatureHeader, headers.apply(signatureHeader), body);
        JsonNode payload = provider.sendsFormPayloads() && FormPayloads.isForm(contentType)
                ? bodies.readObject(FormPayloads.payload(body), MediaType.APPLICATION_JSON)
                : bodies.readObject(body, JsonBodies.requireJson(contentType, MediaType.APPLICATION_JSON));
        WebhookKind kind = provider.kind(headers);
        // an organization's ping (or package event) names no repository: it is checked against the default secret
        boolean organizationWide = kind == WebhookKind.PING || kind == WebhookKind.PACKAGE;
        String repository = provider.repositoryFullName(payload)
                .or(() -> organizationWide ? Optional.of(WebhookAuthenticator.NO_REPOSITORY) : Optional.empty())
                .orElseThrow(() -> new RejectedWebhookException(400, "the payload names no valid repository"));
        authenticator.requireSecretOf(repository, signers, signatureHeader);

        String providerId = provider.deliveryId(headers);
        String deliveryId = providerId == null
                ? DeliveryKeys.ofBody(body)
                : DeliveryKeys.require("delivery id", providerId, DeliveryKeys.ID_MAX);
        if (kind == WebhookKind.PING) {
            return Uni.createFrom().item(WebhookOutcome.pong(deliveryId));
        }
        if (kind == WebhookKind.PACKAGE) {
            return packages.handle(payload, deliveryId, received);
        }
        if (kind == WebhookKind.OTHER) {
            String event = provider.eventName(headers);
            return ignored(deliveryId, "event " + (event == null ? "(none)" : printable(event)) + " is not handled");
        }
        if (invalidAs400(() -> provider.isBranchDeletion(payload))) {
            return ignored(deliveryId, "branch deletions do not trigger");
        }
        CommitPushed push = invalidAs400(() -> provider.normalize(payload, deliveryId, received));
        return publishIfTriggered(provider, repository, deliveryId, push);
    }

    /** A push: published once when the Sensor rules let it trigger. */
    private Uni<WebhookOutcome> publishIfTriggered(
            GitProviderWebhook provider, String repository, String deliveryId, CommitPushed push) {
        cloneUrls.check(provider.pathSegment(), push.repository());
        SensorRules.Decision decision = rules.evaluate(push);
        if (!decision.triggers()) {
            return ignored(deliveryId, decision.reason());
        }
        String key = DeliveryKeys.key(provider.pathSegment(), deliveryId);
        return publication
                .publishOnce(key, provider.pathSegment(), repository, () -> publisher.publish(push))
                .map(eventId -> eventId == null
                        ? WebhookOutcome.duplicate(deliveryId)
                        : WebhookOutcome.accepted(deliveryId, List.of(eventId)));
    }

    private static Uni<WebhookOutcome> ignored(String deliveryId, String reason) {
        return Uni.createFrom().item(WebhookOutcome.ignored(deliveryId, reason));
    }

    /** A header value fit for an answer: printable ASCII, at most 80 characters. */
    private static String printable(String value) {
        String quoted = InvalidNameException.quote(value);
        return quoted.substring(1, quoted.length() - 1);
    }
}
