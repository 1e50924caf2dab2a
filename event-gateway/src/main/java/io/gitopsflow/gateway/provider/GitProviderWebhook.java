package io.gitopsflow.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.CommitPushed;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One Git hosting provider's webhook dialect: which headers it uses, how it authenticates and how its push payload
 * maps onto {@link CommitPushed}.
 *
 * <p>Header values are read through a case-insensitive lookup that returns null for an absent header. The caller
 * checks the signature or token (see {@link #authentication()}); implementations do no cryptography and no I/O.
 */
public interface GitProviderWebhook {

    CommitPushed.GitProvider provider();

    /** The last segment of the endpoint, {@code /webhooks/<segment>}: {@code github}, {@code gitea}, {@code gitlab}. */
    String pathSegment();

    /** What the webhook announces; {@link WebhookKind#OTHER} when the event header is absent or unknown. */
    WebhookKind kind(Function<String, String> headers);

    /** The raw event header value, for messages and metrics, or null when absent. */
    String eventName(Function<String, String> headers);

    /** The provider's delivery id, the same for every redelivery of one webhook, or null when absent. */
    String deliveryId(Function<String, String> headers);

    /**
     * The repository's full name, read before authentication to pick the repository's secret; empty when the body
     * names none or names it invalidly, so a hostile name can never select a secret.
     */
    Optional<String> repositoryFullName(JsonNode body);

    /** How the provider proves the webhook is genuine. */
    Authentication authentication();

    /** The header that carries the signature or token. */
    String signatureHeader();

    /**
     * True when the provider may send its JSON as the {@code payload} field of an
     * {@code application/x-www-form-urlencoded} body, signed as sent (GitHub's default content type).
     */
    default boolean sendsFormPayloads() {
        return false;
    }

    /** True when the push deleted its ref (branch or tag): there is nothing to build. Every provider zeroes "after". */
    default boolean isBranchDeletion(JsonNode body) {
        JsonNode after = Json.at(body, "after");
        return after.isTextual() && PushPayloads.isZeroSha(after.textValue());
    }

    /**
     * Maps a push payload onto the common record.
     *
     * @throws InvalidWebhookException when a required field is missing or a value is invalid; the message names the
     *     field and never echoes the payload
     */
    CommitPushed normalize(JsonNode body, String deliveryId, Instant receivedAt);
}
