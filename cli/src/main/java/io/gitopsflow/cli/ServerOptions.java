package io.gitopsflow.cli;

import io.gitopsflow.cli.auth.OidcClient;
import io.gitopsflow.cli.auth.TokenRefresh;
import io.gitopsflow.cli.client.ConsoleClient;
import io.gitopsflow.cli.config.CliConfig;
import io.gitopsflow.cli.config.StoredLogin;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --server} and {@code --token} of every command that talks to the console. The server: the option, else
 * {@code GITOPS_FLOW_SERVER}, else the one {@code login} stored. The token: the option, else {@code GITOPS_FLOW_TOKEN}
 * (for CI), else the stored login's — renewed with its refresh token when it expired (auth/{@link TokenRefresh}); one
 * that cannot be renewed is refused here with "run gitops-flow login", not sent.
 */
public class ServerOptions {

    @Option(
            names = "--server",
            paramLabel = "<url>",
            description =
                    "The console's URL, e.g. http://localhost:8086 (default: $GITOPS_FLOW_SERVER, else the login's)")
    String server;

    @Option(
            names = "--token",
            paramLabel = "<token>",
            description = "A bearer token (default: $GITOPS_FLOW_TOKEN, else the one `gitops-flow login` stored)")
    String token;

    /** The console to talk to, with the token to send. */
    public ConsoleClient console() {
        CliConfig config = CliConfig.ofUser();
        Optional<StoredLogin> stored = config.login();
        return new ConsoleClient(serverUri(stored), token(stored, config));
    }

    /** The console's URL, from the option, the environment or the stored login. */
    public URI serverUri(Optional<StoredLogin> stored) {
        String url = firstOf(
                server,
                System.getenv("GITOPS_FLOW_SERVER"),
                stored.map(StoredLogin::server).orElse(null));
        if (url == null) {
            throw new CliException(
                    "no console to talk to: pass --server <url>, set GITOPS_FLOW_SERVER, or run `gitops-flow login`",
                    ExitCode.USAGE);
        }
        return parse(url);
    }

    private String token(Optional<StoredLogin> stored, CliConfig config) {
        String given = firstOf(token, System.getenv("GITOPS_FLOW_TOKEN"), null);
        if (given != null) {
            return given.strip();
        }
        if (stored.isEmpty() || stored.get().accessToken() == null) {
            return null; // the console says 401 where a token is needed
        }
        StoredLogin login = stored.get();
        if (login.expired(Instant.now())) {
            // an HTTP client only for a renewal: most commands start with a valid token, and start fast
            login = new TokenRefresh(new OidcClient()).usable(login, config, Instant.now());
        }
        return login.accessToken();
    }

    /** {@code url} as a console URL: http(s) with a host, else a usage error. */
    public static URI parse(String url) {
        try {
            URI uri = new URI(url.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new CliException("--server must be an http(s) URL, e.g. http://localhost:8086", ExitCode.USAGE);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException("--server is not a URL: " + e.getReason(), ExitCode.USAGE);
        }
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
