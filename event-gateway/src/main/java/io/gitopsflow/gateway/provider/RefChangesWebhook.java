package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Git host whose push webhook reports every ref a push changed at once (Bitbucket Cloud's {@code push.changes},
 * Bitbucket Data Center's {@code changes}): each created or updated ref becomes its own {@link CommitPushed}, as Argo
 * Events' {@code oneEventPerChange} and Kargo's per-ref refresh do. The body is signed, when the webhook has a secret,
 * with {@code X-Hub-Signature: sha256=<hex>}; implementations do no cryptography and no I/O.
 */
public interface RefChangesWebhook {

    CommitPushed.GitProvider provider();

    /** The last segment of the endpoint, {@code /webhooks/<segment>}. */
    String pathSegment();

    /** What the webhook announces; {@link WebhookKind#OTHER} when the event header is absent or unknown. */
    WebhookKind kind(Function<String, String> headers);

    /** The raw event header value, for messages, or null when absent. */
    String eventName(Function<String, String> headers);

    /** The provider's delivery id, the same for every automatic retry of one webhook, or null when absent. */
    String deliveryId(Function<String, String> headers);

    /** The repository's full name as gitops-flow names it; empty when the body names none or names it invalidly. */
    Optional<String> repositoryFullName(JsonNode body);

    /** The header that carries {@code sha256=<hex>}, the HMAC-SHA256 of the body, when the webhook has a secret. */
    default String signatureHeader() {
        return "X-Hub-Signature";
    }

    /**
     * One push per created or updated ref, in the payload's order; deleted refs are left out (nothing to build).
     *
     * @throws InvalidWebhookException when a required field is missing or a value is invalid
     */
    List<CommitPushed> normalize(JsonNode body, String deliveryId, Instant receivedAt);
}
