package io.gitopsflow.cli.auth;

import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.config.CliConfig;
import io.gitopsflow.cli.config.StoredLogin;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow login}: gets the user's own token from the OpenID Connect provider the console trusts, by the
 * device authorization grant (RFC 8628), and stores it with the console's URL in the user's config directory, readable
 * by the user alone, so later commands need neither {@code --server} nor {@code --token}. The console does not publish
 * its provider, so the issuer is given ({@code --issuer}, {@code GITOPS_FLOW_ISSUER}) or taken from the previous login
 * to the same console. {@code --token} stores a token the user already has (CI, the local run) without the provider.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Log in to a console through your OpenID Connect provider; the token is stored for you alone.",
            "It prints a URL and a code: open the URL in any browser, enter the code, sign in, grant access. The token"
                    + " is stored in your config directory, readable by you only; later commands renew it.",
            "With --token, store a token you already have instead (CI, local runs; `--token -` reads it from stdin)."
        })
public class LoginCommand implements Callable<Integer> {

    /** A bearer token as RFC 6750 §2.1 allows it: nothing that could break a header. */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    @Option(
            names = "--server",
            paramLabel = "<url>",
            defaultValue = "${env:GITOPS_FLOW_SERVER}",
            description = "The console's URL, e.g. https://gitops-flow.example.com (default: $GITOPS_FLOW_SERVER, else"
                    + " the stored login's)")
    String server;

    @Option(
            names = "--issuer",
            paramLabel = "<url>",
            defaultValue = "${env:GITOPS_FLOW_ISSUER}",
            description =
                    "The OpenID Connect provider's issuer URL, e.g. https://keycloak.example.com/realms/gitops-flow"
                            + " (default: $GITOPS_FLOW_ISSUER, else the stored login's for the same console)")
    String issuer;

    @Option(
            names = "--client-id",
            paramLabel = "<id>",
            defaultValue = "gitops-flow-cli",
            description = "The provider's public client with the device grant on (default: ${DEFAULT-VALUE})")
    String clientId;

    @Option(
            names = "--token",
            paramLabel = "<token>",
            description = "Store this bearer token instead of logging in at the provider; `-` reads it from stdin")
    String token;

    @Spec
    CommandSpec spec;

    private final CliConfig config;
    private final InputStream stdin;

    public LoginCommand() {
        this(null, System.in);
    }

    /** A login into {@code config} (null: the user's), reading {@code --token -} from {@code stdin}. */
    LoginCommand(CliConfig config, InputStream stdin) {
        this.config = config;
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CliConfig target = config == null ? CliConfig.ofUser() : config;
        Optional<StoredLogin> previous = previous(target);
        URI console = console(previous);
        StoredLogin login = token != null ? given(console) : deviceLogin(console, previous);
        target.save(login);
        PrintWriter out = spec.commandLine().getOut();
        out.println(TokenClaims.of(login.accessToken())
                .flatMap(TokenClaims::username)
                .map(name -> "Logged in to " + console + " as " + name)
                .orElse("Logged in to " + console + " (the token names no user)"));
        out.flush();
        return ExitCode.OK;
    }

    private StoredLogin deviceLogin(URI console, Optional<StoredLogin> previous) {
        // the HTTP client here, not in the constructor: picocli creates every subcommand for any command line
        OidcClient client = new OidcClient();
        ProviderEndpoints provider = client.discover(issuer(console, previous));
        TokenAnswer tokens = new DeviceLogin(client, Clock.systemUTC())
                .run(provider, clientId, spec.commandLine().getErr());
        return Logins.of(
                console.toString(),
                provider.issuer().toString(),
                clientId,
                tokens,
                Clock.systemUTC().instant(),
                null);
    }

    private StoredLogin given(URI console) {
        String value = "-".equals(token) ? readStdin() : token.strip();
        if (value.isEmpty() || !BEARER_TOKEN.matcher(value).matches()) {
            throw new CliException("--token is not a bearer token (letters, digits and -._~+/ only)", ExitCode.USAGE);
        }
        TokenAnswer answer = new TokenAnswer(value, null, null, null, null, null);
        return Logins.of(
                console.toString(), null, null, answer, Clock.systemUTC().instant(), null);
    }

    private URI console(Optional<StoredLogin> previous) {
        String url = server != null && !server.isBlank()
                ? server
                : previous.map(StoredLogin::server).orElse(null);
        if (url == null) {
            throw new CliException(
                    "which console? pass --server <url> (e.g. https://gitops-flow.example.com) or set"
                            + " GITOPS_FLOW_SERVER",
                    ExitCode.USAGE);
        }
        return ServerOptions.parse(url);
    }

    /** The issuer: the option or environment, else the previous login's when it was to the same console. */
    private URI issuer(URI console, Optional<StoredLogin> previous) {
        String url = issuer != null && !issuer.isBlank()
                ? issuer.strip()
                : previous.filter(login -> console.toString().equals(login.server()))
                        .map(StoredLogin::issuer)
                        .orElse(null);
        if (url == null) {
            throw new CliException(
                    "which OpenID Connect provider? pass --issuer <issuer URL> (e.g."
                            + " https://keycloak.example.com/realms/gitops-flow) or set GITOPS_FLOW_ISSUER — the console"
                            + " does not publish its provider; or store a token you have with --token",
                    ExitCode.USAGE);
        }
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new CliException("--issuer must be an http(s) URL", ExitCode.USAGE);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException("--issuer is not a URL: " + e.getReason(), ExitCode.USAGE);
        }
    }

    private String readStdin() {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CliException("cannot read the token from stdin: " + e.getMessage());
        }
    }

    /** The stored login, if any; an unreadable one is replaced by this login, not an obstacle to it. */
    private static Optional<StoredLogin> previous(CliConfig config) {
        try {
            return config.login();
        } catch (CliException e) {
            return Optional.empty();
        }
    }
}
