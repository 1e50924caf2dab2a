package io.gitopsflow.gateway.provider;

/**
 * A webhook body that cannot be turned into an event; the message says what is wrong and can be returned to the
 * caller as is: it names fields, never echoes the payload, and quotes values only shortened and escaped.
 */
public class InvalidWebhookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidWebhookException(String message) {
        super(message);
    }

    public InvalidWebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
