package io.gitopsflow.gateway.service;

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
}
