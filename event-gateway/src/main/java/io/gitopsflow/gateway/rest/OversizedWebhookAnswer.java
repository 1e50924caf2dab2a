package io.gitopsflow.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.gateway.service.WebhookOutcome;
import io.gitopsflow.messaging.http.OversizedBodyAnswer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway answers an oversized webhook as it answers every webhook, with its outcome: the provider's delivery log
 * shows the reason, and its operator learns that a retry of the same payload cannot succeed.
 */
@ApplicationScoped
public class OversizedWebhookAnswer implements OversizedBodyAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public byte[] json(long maxBytes) {
        WebhookOutcome outcome = WebhookOutcome.rejected(
                413,
                "the body is larger than the gateway accepts (" + maxBytes
                        + " bytes, quarkus.http.limits.max-body-size);"
                        + " webhooks of such a size are not retried successfully, reduce the payload");
        try {
            return JSON.writeValueAsBytes(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
