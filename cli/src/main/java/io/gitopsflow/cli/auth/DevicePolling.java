package io.gitopsflow.cli.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * What the CLI does with each answer of the token endpoint while it waits for the user (RFC 8628 §3.5): ask again
 * after the interval ({@code authorization_pending}), ask again 5 s more slowly ({@code slow_down}), or stop with a
 * message a person understands ({@code access_denied}, {@code expired_token}, any other error, or the codes' lifetime
 * ran out). Kept apart from the HTTP calls so the decisions are tested on plain values.
 */
public final class DevicePolling {

    /** The interval when the provider names none (RFC 8628 §3.2). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /** What {@code slow_down} adds to the interval, for this and every later poll (RFC 8628 §3.5). */
    public static final Duration SLOW_DOWN = Duration.ofSeconds(5);

    private DevicePolling() {}

    /** The next step after {@code answer}, polling every {@code interval}, the codes valid until {@code deadline}. */
    public static Next next(TokenAnswer answer, Duration interval, Instant now, Instant deadline) {
        if (answer.granted()) {
            return new Granted(answer);
        }
        return switch (DeviceGrantError.of(answer.error())) {
            case AUTHORIZATION_PENDING -> again(interval, now, deadline);
            case SLOW_DOWN -> again(interval.plus(SLOW_DOWN), now, deadline);
            case ACCESS_DENIED -> new Stop("the login was refused at the provider (access_denied): nothing was stored");
            case EXPIRED_TOKEN -> new Stop(expired());
            case OTHER -> new Stop("the provider refused the login: " + answer.reason());
        };
    }

    /** The first poll's interval: the provider's, else 5 s. */
    public static Duration firstInterval(DeviceAuthorization authorization) {
        Long seconds = authorization.interval();
        return seconds == null || seconds <= 0 ? DEFAULT_INTERVAL : Duration.ofSeconds(seconds);
    }

    /** Until when the codes can be used: {@code expires_in} after they were issued. */
    public static Instant deadline(DeviceAuthorization authorization, Instant issued) {
        Long seconds = authorization.expiresIn();
        return issued.plusSeconds(seconds == null || seconds <= 0 ? 600 : seconds);
    }

    private static Next again(Duration interval, Instant now, Instant deadline) {
        if (now.plus(interval).isAfter(deadline)) {
            return new Stop(expired());
        }
        return new PollAgain(interval);
    }

    private static String expired() {
        return "the code expired before the login was confirmed: run `gitops-flow login` again and confirm within the"
                + " time it gives";
    }

    /** What to do after one answer. */
    public sealed interface Next permits Granted, PollAgain, Stop {}

    /** The user confirmed: these are the tokens. */
    public record Granted(TokenAnswer tokens) implements Next {}

    /** Not yet: ask again after {@code interval} (which stays the interval from then on). */
    public record PollAgain(Duration interval) implements Next {}

    /** Stop: the login failed, and {@code message} says why and what to do. */
    public record Stop(String message) implements Next {}
}
