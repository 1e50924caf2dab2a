package io.gitopsflow.events.codec;

/** A record that cannot be read as the event it claims to be; the message says why, without echoing secrets. */
public final class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
