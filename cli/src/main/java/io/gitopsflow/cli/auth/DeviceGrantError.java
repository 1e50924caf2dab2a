package io.gitopsflow.cli.auth;

import java.util.Arrays;

/**
 * The token endpoint's error codes that the device grant gives a meaning (RFC 8628 §3.5); every other code (e.g.
 * {@code invalid_grant}, {@code invalid_client}) is {@link #OTHER}, a refusal to report as the provider said it.
 */
public enum DeviceGrantError {
    /** The user has not decided yet: ask again after the interval. */
    AUTHORIZATION_PENDING("authorization_pending"),
    /** Asked too often: ask again, 5 s more slowly from now on. */
    SLOW_DOWN("slow_down"),
    /** The user refused. */
    ACCESS_DENIED("access_denied"),
    /** The device code expired before the user decided. */
    EXPIRED_TOKEN("expired_token"),
    /** Any other error. */
    OTHER("");

    private final String code;

    DeviceGrantError(String code) {
        this.code = code;
    }

    /** The error of {@code code}, {@link #OTHER} for any code not listed (and for none). */
    public static DeviceGrantError of(String code) {
        return Arrays.stream(values())
                .filter(error -> error != OTHER && error.code.equals(code))
                .findFirst()
                .orElse(OTHER);
    }
}
