package io.gitopsflow.cli.auth;

import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.config.CliConfig;
import io.gitopsflow.cli.config.StoredLogin;
import java.net.URI;
import java.time.Instant;

/**
 * Keeps a stored login usable: an access token lives minutes, a refresh token hours, so when the stored access token
 * has expired and a refresh token is stored, a command renews it at the issuer's token endpoint (the same public client,
 * no user interaction) and stores the new tokens before it goes on. Only when that is impossible or refused does the
 * user have to run {@code gitops-flow login} again.
 */
public final class TokenRefresh {

    private final OidcClient client;

    public TokenRefresh(OidcClient client) {
        this.client = client;
    }

    /** {@code login} as is while its access token is valid, else renewed and stored in {@code config}. */
    public StoredLogin usable(StoredLogin login, CliConfig config, Instant now) {
        if (!login.expired(now)) {
            return login;
        }
        String expired = "the stored token expired at " + login.expiresAt();
        if (login.refreshToken() == null || login.issuer() == null || login.clientId() == null) {
            throw new CliException(expired + ": run `gitops-flow login`");
        }
        TokenAnswer answer;
        try {
            ProviderEndpoints provider = client.discover(URI.create(login.issuer()));
            answer = client.refresh(provider, login.clientId(), login.refreshToken());
        } catch (CliException e) {
            throw new CliException(
                    expired + " and could not be renewed (" + e.getMessage() + "): run `gitops-flow" + " login`");
        }
        if (!answer.granted()) {
            throw new CliException(
                    expired + " and its renewal was refused (" + answer.reason() + "): run `gitops-flow login`");
        }
        StoredLogin renewed = Logins.of(login.server(), login.issuer(), login.clientId(), answer, now, login);
        config.save(renewed);
        return renewed;
    }
}
