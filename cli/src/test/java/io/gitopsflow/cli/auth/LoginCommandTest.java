package io.gitopsflow.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.config.CliConfig;
import io.gitopsflow.cli.config.StoredLogin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops-flow login --token}, which stores a token the user has, and the usage errors of {@code login}. */
class LoginCommandTest {

    private static final String SERVER = "http://127.0.0.1:8086";

    @TempDir
    Path home;

    @Test
    void aGivenTokenIsStoredForItsOwnerAloneAndTheLoginNamesItsUser() throws IOException {
        CliConfig config = new CliConfig(home.resolve("gitops-flow"));
        String token = Jwts.withPayload("{\"preferred_username\":\"alice\",\"exp\":1796529600}");

        CommandRun run = CommandRun.of(login(config, ""), "--server", SERVER, "--token", token);

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("Logged in to " + SERVER + " as alice\n");
        assertThat(run.out() + run.err()).doesNotContain(token);
        StoredLogin stored = config.login().orElseThrow();
        assertThat(stored.server()).isEqualTo(SERVER);
        assertThat(stored.accessToken()).isEqualTo(token);
        assertThat(stored.issuer()).isNull();
        assertThat(stored.refreshToken()).isNull();
        assertThat(stored.expiresAt()).isEqualTo(Instant.ofEpochSecond(1796529600));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.directory())))
                .isEqualTo("rwx------");
    }

    @Test
    void aTokenIsReadFromStdinWhenTheTokenIsADash() {
        CliConfig config = new CliConfig(home.resolve("gitops-flow"));

        CommandRun run = CommandRun.of(login(config, "opaque-ci-token\n"), "--server", SERVER, "--token", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("Logged in to " + SERVER + " (the token names no user)\n");
        assertThat(config.login().orElseThrow().accessToken()).isEqualTo("opaque-ci-token");
        assertThat(config.login().orElseThrow().expiresAt()).isNull();
    }

    @Test
    void aTokenThatCouldBreakAHeaderIsAUsageErrorAndNothingIsStored() {
        CliConfig config = new CliConfig(home.resolve("gitops-flow"));

        CommandRun run = CommandRun.of(login(config, "abc\r\nX-Evil: 1\n"), "--server", SERVER, "--token", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("error: --token is not a bearer token").doesNotContain("X-Evil");
        assertThat(config.login()).isEmpty();
    }

    @Test
    void aDeviceLoginWithoutAnIssuerIsAUsageErrorThatSaysWhereTheIssuerComesFrom() {
        assumeTrue(System.getenv("GITOPS_FLOW_ISSUER") == null, "GITOPS_FLOW_ISSUER is set in this environment");
        CliConfig config = new CliConfig(home.resolve("gitops-flow"));

        CommandRun run = CommandRun.of(login(config, ""), "--server", SERVER);

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err())
                .contains("pass --issuer <issuer URL>", "GITOPS_FLOW_ISSUER", "the console does not publish");
        assertThat(config.login()).isEmpty();
    }

    @Test
    void aLoginWithoutAServerIsAUsageError() {
        assumeTrue(System.getenv("GITOPS_FLOW_SERVER") == null, "GITOPS_FLOW_SERVER is set in this environment");
        CliConfig config = new CliConfig(home.resolve("gitops-flow"));

        CommandRun run = CommandRun.of(login(config, ""), "--token", "abc");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("pass --server <url>", "GITOPS_FLOW_SERVER");
    }

    @Test
    void logoutForgetsTheStoredLoginAndSaysOfWhichConsole() {
        CliConfig config = new CliConfig(home.resolve("gitops-flow"));
        CommandRun.of(login(config, ""), "--server", SERVER, "--token", "abc");

        CommandRun run = CommandRun.of(new LogoutCommand(config));

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("Logged out of " + SERVER + ": the stored tokens are forgotten\n");
        assertThat(config.file()).doesNotExist();
    }

    @Test
    void logoutWithoutALoginSaysSoAndSucceeds() {
        CommandRun run = CommandRun.of(new LogoutCommand(new CliConfig(home.resolve("gitops-flow"))));

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("Not logged in: nothing to forget\n");
    }

    private static LoginCommand login(CliConfig config, String stdin) {
        InputStream input = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return new LoginCommand(config, input);
    }
}
