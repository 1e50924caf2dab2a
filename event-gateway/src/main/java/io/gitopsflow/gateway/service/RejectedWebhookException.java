package io.gitopsflow.gateway.service;

import io.gitopsflow.gateway.provider.InvalidWebhookException;
import java.util.function.Supplier;

/** The caller's mistake (or an outage the caller should retry): answered with a status and a reason, no trace. */
public final class RejectedWebhookException extends RuntimeException {

    private final int status;

    public RejectedWebhookException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Runs a step that reads the payload; a payload it cannot read is the caller's mistake, a 400 with the reason. */
    static <T> T invalidAs400(Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidWebhookException e) {
            throw new RejectedWebhookException(400, e.getMessage());
        }
    }
}
