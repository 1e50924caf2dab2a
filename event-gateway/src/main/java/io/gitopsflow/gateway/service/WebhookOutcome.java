package io.gitopsflow.gateway.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the gateway answers a webhook: the HTTP status and a body that says what happened and why.
 *
 * @param status the HTTP status
 * @param outcome {@code accepted}, {@code ignored}, {@code duplicate}, {@code pong} or {@code rejected}
 * @param reason why it was ignored or rejected
 * @param deliveryId the provider's delivery id
 * @param eventIds the CloudEvent ids of what was published
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookOutcome(int status, String outcome, String reason, String deliveryId, List<String> eventIds) {

    public static WebhookOutcome accepted(String deliveryId, List<String> eventIds) {
        return new WebhookOutcome(202, "accepted", null, deliveryId, eventIds);
    }

    public static WebhookOutcome ignored(String deliveryId, String reason) {
        return new WebhookOutcome(200, "ignored", reason, deliveryId, null);
    }

    public static WebhookOutcome duplicate(String deliveryId) {
        return new WebhookOutcome(
                200, "duplicate", "delivery " + deliveryId + " was already received", deliveryId, null);
    }

    public static WebhookOutcome pong(String deliveryId) {
        return new WebhookOutcome(200, "pong", null, deliveryId, null);
    }

    public static WebhookOutcome rejected(int status, String reason) {
        return new WebhookOutcome(status, "rejected", reason, null, null);
    }
}
