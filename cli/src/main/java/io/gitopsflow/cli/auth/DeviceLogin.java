package io.gitopsflow.cli.auth;

import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.auth.DevicePolling.Granted;
import io.gitopsflow.cli.auth.DevicePolling.Next;
import io.gitopsflow.cli.auth.DevicePolling.PollAgain;
import io.gitopsflow.cli.auth.DevicePolling.Stop;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One login by the OAuth 2.0 device authorization grant (RFC 8628): get a user code, tell the person where to enter it,
 * then poll the token endpoint at the provider's pace until they confirm, refuse, or the code expires. The CLI needs no
 * browser of its own and no redirect URI, so it works the same over SSH as on a laptop.
 */
public final class DeviceLogin {

    /** The scope asked for: an OpenID Connect login, whose access token the console accepts. */
    public static final String SCOPE = "openid";

    private final OidcClient client;
    private final Clock clock;

    public DeviceLogin(OidcClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Logs in at {@code provider} as the client {@code clientId}, telling the person on {@code err} what to do. */
    public TokenAnswer run(ProviderEndpoints provider, String clientId, PrintWriter err) {
        DeviceAuthorization authorization = client.authorizeDevice(provider, clientId, SCOPE);
        Instant deadline = DevicePolling.deadline(authorization, clock.instant());
        err.println("Open " + authorization.verificationUri() + " and enter the code " + authorization.userCode());
        if (authorization.verificationUriComplete() != null) {
            err.println("(or open " + authorization.verificationUriComplete() + ")");
        }
        err.println("Waiting for the login to be confirmed (the code is valid until " + deadline + ")...");
        err.flush();
        Duration interval = DevicePolling.firstInterval(authorization);
        while (true) {
            pause(interval);
            TokenAnswer answer = client.deviceToken(provider, clientId, authorization.deviceCode());
            Next next = DevicePolling.next(answer, interval, clock.instant(), deadline);
            if (next instanceof Granted granted) {
                return granted.tokens();
            }
            if (next instanceof Stop stop) {
                throw new CliException(stop.message());
            }
            interval = ((PollAgain) next).interval();
        }
    }

    private static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("the login was interrupted before it was confirmed: nothing was stored");
        }
    }
}
