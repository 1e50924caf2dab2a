package io.gitopsflow.messaging.http;

/**
 * The JSON body a service answers with when a request's body is larger than it accepts. A service that has an answer
 * format of its own (the gateway's webhook outcome) provides this bean; the others get {@code {"error": "..."}}.
 */
public interface OversizedBodyAnswer {

    /** The answer's JSON bytes for a limit of {@code maxBytes}. */
    byte[] json(long maxBytes);
}
