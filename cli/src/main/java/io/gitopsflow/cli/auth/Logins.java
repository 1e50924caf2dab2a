package io.gitopsflow.cli.auth;

import io.gitopsflow.cli.config.StoredLogin;
import java.time.Instant;
import java.util.Optional;

/** Builds what is stored from what the provider answered, the same way after a login and after a renewal. */
final class Logins {

    private Logins() {}

    /**
     * The login to store for {@code answer}: its expiry from {@code expires_in} (else the token's {@code exp}); a
     * renewal that brings no new refresh token keeps the one of {@code previous}.
     */
    static StoredLogin of(
            String server, String issuer, String clientId, TokenAnswer answer, Instant now, StoredLogin previous) {
        String refreshToken = answer.refreshToken() != null
                ? answer.refreshToken()
                : previous == null ? null : previous.refreshToken();
        return new StoredLogin(
                server,
                issuer,
                clientId,
                answer.accessToken(),
                refreshToken,
                expiry(answer, now).orElse(null));
    }

    private static Optional<Instant> expiry(TokenAnswer answer, Instant now) {
        if (answer.expiresIn() != null && answer.expiresIn() > 0) {
            return Optional.of(now.plusSeconds(answer.expiresIn()));
        }
        return TokenClaims.of(answer.accessToken()).flatMap(TokenClaims::expiry);
    }
}
