package io.gitopsflow.gateway.service;

import static io.gitopsflow.gateway.service.RejectedWebhookException.invalidAs400;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.messaging.GatewayPublisher;
import io.gitopsflow.gateway.provider.Authentication;
import io.gitopsflow.gateway.provider.RefChangesWebhook;
import io.gitopsflow.gateway.provider.WebhookKind;
import io.gitopsflow.gateway.rules.SensorRules;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A Bitbucket push webhook (Cloud or Data Center) to one {@code commit-pushed} per changed ref. Signed deliveries are
 * verified like GitHub's; an unsigned one is accepted only for a repository that has no secret of its own and is
 * listed in the provider's {@code unsigned-repositories}.
 */
@ApplicationScoped
public class RefChangesHandler {

    private final GatewayConfig config;
    private final WebhookAuthenticator authenticator;
    private final JsonBodies bodies;
    private final CloneUrlPolicy cloneUrls;
    private final SensorRules rules;
    private final DeliveryPublication publication;
    private final GatewayPublisher publisher;
    private final Map<String, Set<String>> unsigned;

    public RefChangesHandler(
            GatewayConfig config,
            WebhookAuthenticator authenticator,
            JsonBodies bodies,
            CloneUrlPolicy cloneUrls,
            SensorRules rules,
            DeliveryPublication publication,
            GatewayPublisher publisher) {
        this.config = config;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.cloneUrls = cloneUrls;
        this.rules = rules;
        this.publication = publication;
        this.publisher = publisher;
        this.unsigned = config.providers().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey,
                        provider -> provider.getValue().unsignedRepositories().orElse(List.of()).stream()
                                .map(String::strip)
                                .filter(name -> !name.isEmpty())
                                .collect(Collectors.toUnmodifiableSet())));
    }

    /**
     * Handles one webhook. A signed one is verified before anything is read from the body; an unsigned one must be
     * read to learn its repository, with the same limits as every body.
     */
    public Uni<WebhookOutcome> handle(
            RefChangesWebhook provider, Function<String, String> headers, String contentType, byte[] body) {
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String header = provider.signatureHeader();
        String signature = headers.apply(header);
        boolean signed = signature != null && !signature.isBlank();
        Set<String> signers =
                signed ? authenticator.verify(Authentication.HMAC_SHA256_PREFIXED, header, signature, body) : Set.of();
        JsonNode payload = bodies.readObject(body, JsonBodies.requireJson(contentType, MediaType.APPLICATION_JSON));
        WebhookKind kind = provider.kind(headers);
        String providerId = provider.deliveryId(headers);
        String deliveryId = providerId == null
                ? DeliveryKeys.ofBody(body)
                : DeliveryKeys.require("delivery id", providerId, DeliveryKeys.ID_MAX);
        if (kind == WebhookKind.PING) {
            // "Test connection" names no repository: a signature must match the default secret; unsigned, it is
            // answered too, as it publishes nothing
            if (signed) {
                authenticator.requireSecretOf(WebhookAuthenticator.NO_REPOSITORY, signers, header);
            }
            return Uni.createFrom().item(WebhookOutcome.pong(deliveryId));
        }
        String repository = provider.repositoryFullName(payload)
                .orElseThrow(() -> new RejectedWebhookException(400, "the payload names no valid repository"));
        if (signed) {
            authenticator.requireSecretOf(repository, signers, header);
        } else {
            requireUnsignedAllowed(provider, repository, header);
        }
        if (kind == WebhookKind.OTHER) {
            String event = provider.eventName(headers);
            return ignored(deliveryId, "event " + (event == null ? "(none)" : printable(event)) + " is not handled");
        }
        List<CommitPushed> pushes = invalidAs400(() -> provider.normalize(payload, deliveryId, received));
        if (pushes.isEmpty()) {
            return ignored(deliveryId, "branch and tag deletions do not trigger");
        }
        cloneUrls.check(provider.pathSegment(), pushes.get(0).repository());
        return publishTriggered(provider, repository, deliveryId, pushes);
    }

    private void requireUnsignedAllowed(RefChangesWebhook provider, String repository, String header) {
        if (config.secrets().repositories().containsKey(repository)) {
            throw new RejectedWebhookException(
                    401, "missing " + header + " header: repository " + repository + " has a webhook secret");
        }
        String segment = provider.pathSegment();
        if (!unsigned.getOrDefault(segment, Set.of()).contains(repository)) {
            throw new RejectedWebhookException(
                    403,
                    "unsigned delivery for repository " + repository + ": set a secret on the webhook in Bitbucket ("
                            + header + ") or list the repository in gitops-flow.gateway.providers." + segment
                            + ".unsigned-repositories");
        }
    }

    /** Each push the Sensor rules let through, published once per delivery and ref, one after the other. */
    private Uni<WebhookOutcome> publishTriggered(
            RefChangesWebhook provider, String repository, String deliveryId, List<CommitPushed> pushes) {
        List<String> reasons = new ArrayList<>();
        List<CommitPushed> triggered = new ArrayList<>();
        for (CommitPushed push : pushes) {
            SensorRules.Decision decision = rules.evaluate(push);
            if (decision.triggers()) {
                triggered.add(push);
            } else {
                reasons.add(push.ref() + ": " + decision.reason());
            }
        }
        if (triggered.isEmpty()) {
            return ignored(deliveryId, String.join("; ", reasons));
        }
        String segment = provider.pathSegment();
        // one after the other: the reactive session of a request must not be used concurrently
        return Multi.createFrom()
                .iterable(triggered)
                .onItem()
                .transformToUniAndConcatenate(push -> publication
                        .publishOnce(
                                DeliveryKeys.key(segment, deliveryId + ":" + push.ref()),
                                segment,
                                repository,
                                () -> publisher.publish(push))
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

    private static Uni<WebhookOutcome> ignored(String deliveryId, String reason) {
        return Uni.createFrom().item(WebhookOutcome.ignored(deliveryId, reason));
    }

    /** A header value fit for an answer: printable ASCII, at most 80 characters. */
    private static String printable(String value) {
        String quoted = InvalidNameException.quote(value);
        return quoted.substring(1, quoted.length() - 1);
    }
}
