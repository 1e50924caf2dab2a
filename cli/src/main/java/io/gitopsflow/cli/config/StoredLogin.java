package io.gitopsflow.cli.config;

import java.time.Instant;

/**
 * What {@code gitops-flow login} stored: the console it logged in to, the OpenID Connect provider and client that
 * issued the tokens, and the tokens with the access token's expiry.
 *
 * @param server the console's base URL
 * @param issuer the provider's issuer URL (null when the token was given, not obtained)
 * @param clientId the public client the device grant used
 * @param accessToken the bearer token sent to the console
 * @param refreshToken the refresh token, or null
 * @param expiresAt when the access token expires, or null when unknown
 */
public record StoredLogin(
        String server, String issuer, String clientId, String accessToken, String refreshToken, Instant expiresAt) {

    /** Whether the access token is past its expiry (with a few seconds' margin). */
    public boolean expired(Instant now) {
        return expiresAt != null && !now.plusSeconds(5).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        // never the tokens
        return "StoredLogin[server=" + server + ", issuer=" + issuer + ", clientId=" + clientId + ", expiresAt="
                + expiresAt + "]";
    }
}
