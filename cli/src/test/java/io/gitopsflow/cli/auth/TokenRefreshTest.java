package io.gitopsflow.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.config.CliConfig;
import io.gitopsflow.cli.config.StoredLogin;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command does with a stored login before it calls the console, where no provider needs to answer. */
class TokenRefreshTest {

    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    @TempDir
    Path home;

    @Test
    void aValidStoredTokenIsUsedAsIs() {
        StoredLogin login = login("refresh", NOW.plusSeconds(60));

        assertThat(new TokenRefresh(new OidcClient()).usable(login, config(), NOW))
                .isSameAs(login);
    }

    @Test
    void anExpiredTokenWithoutARefreshTokenSaysToLogInAgain() {
        StoredLogin login = login(null, NOW.minusSeconds(1));

        assertThatThrownBy(() -> new TokenRefresh(new OidcClient()).usable(login, config(), NOW))
                .isInstanceOf(CliException.class)
                .hasMessage("the stored token expired at 2026-12-06T02:59:59Z: run `gitops-flow login`");
    }

    @Test
    void aRenewalThatCannotReachTheProviderSaysToLogInAgainAndNamesNoToken() {
        StoredLogin login = new StoredLogin(
                "http://127.0.0.1:8086",
                "http://127.0.0.1:9/realms/gitops-flow",
                "gitops-flow-cli",
                "old-access",
                "secret-refresh",
                NOW.minusSeconds(1));

        assertThatThrownBy(() -> new TokenRefresh(new OidcClient()).usable(login, config(), NOW))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("the stored token expired at 2026-12-06T02:59:59Z and could not be renewed"
                        + " (cannot reach the OpenID Connect provider at http://127.0.0.1:9/realms/gitops-flow")
                .hasMessageEndingWith("run `gitops-flow login`")
                .message()
                .doesNotContain("secret-refresh", "old-access");
    }

    private CliConfig config() {
        return new CliConfig(home.resolve("gitops-flow"));
    }

    private static StoredLogin login(String refreshToken, Instant expiresAt) {
        return new StoredLogin(
                "http://127.0.0.1:8086",
                "http://127.0.0.1:8180/realms/gitops-flow",
                "gitops-flow-cli",
                "access",
                refreshToken,
                expiresAt);
    }
}
