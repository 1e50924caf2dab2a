package io.gitopsflow.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.config.CliConfig;
import io.gitopsflow.cli.config.StoredLogin;
import io.gitopsflow.testkit.Browser;
import io.gitopsflow.testkit.KeycloakServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * {@code gitops-flow login} against a real OpenID Connect provider (testkit's Keycloak): the command runs in this JVM
 * as the launcher runs it, prints a code, and a person confirms or refuses it in a real browser at the provider's
 * device page; the stored login then renews its expired access token with its refresh token.
 */
class LoginIT {

    private static final String SERVER = "http://127.0.0.1:8086";
    private static final Pattern COMPLETE_URI = Pattern.compile("\\(or open (\\S+)\\)");
    private static final Duration PAGE = Duration.ofSeconds(30);

    private static KeycloakServer keycloak;
    private static Browser browser;
    private static Path home;
    private static CliConfig alicesConfig;
    private static CommandRun alicesLogin;

    @BeforeAll
    static void aliceLogsInOnce() throws IOException {
        assumeTrue(KeycloakServer.available(), KeycloakServer.unavailableReason());
        assumeTrue(Browser.available(), Browser.unavailableReason());
        keycloak = KeycloakServer.shared();
        browser = Browser.start();
        home = Files.createTempDirectory("login-it");
        alicesConfig = new CliConfig(home.resolve("alice/gitops-flow"));
        alicesLogin = loginConfirmedInTheBrowser(alicesConfig, "alice", true);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aDeviceLoginConfirmedInTheBrowserSaysWhoLoggedIn() {
        assertThat(alicesLogin.exitCode()).as(alicesLogin.err()).isEqualTo(ExitCode.OK);
        assertThat(alicesLogin.err())
                .contains("Open " + keycloak.issuer() + "/device and enter the code ")
                .contains("(or open " + keycloak.issuer() + "/device?user_code=");
        assertThat(alicesLogin.out()).isEqualTo("Logged in to " + SERVER + " as alice\n");
    }

    @Test
    void theLoginIsStoredForAliceAloneWithTheProviderAndBothTokens() throws IOException {
        StoredLogin stored = alicesConfig.login().orElseThrow();

        assertThat(stored.server()).isEqualTo(SERVER);
        assertThat(stored.issuer()).isEqualTo(keycloak.issuer());
        assertThat(stored.clientId()).isEqualTo(keycloak.cliClientId());
        assertThat(TokenClaims.of(stored.accessToken()).flatMap(TokenClaims::username))
                .contains("alice");
        assertThat(stored.refreshToken()).isNotBlank();
        assertThat(stored.expiresAt()).isAfter(Instant.now());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(alicesConfig.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(alicesConfig.directory())))
                .isEqualTo("rwx------");
        assertThat(alicesLogin.out() + alicesLogin.err())
                .doesNotContain(stored.accessToken())
                .doesNotContain(stored.refreshToken());
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheStoredRefreshTokenAndStored() throws IOException, InterruptedException {
        StoredLogin login = alicesConfig.login().orElseThrow();
        CliConfig config = new CliConfig(home.resolve("renewal/gitops-flow"));
        StoredLogin expired = new StoredLogin(
                login.server(),
                login.issuer(),
                login.clientId(),
                login.accessToken(),
                login.refreshToken(),
                Instant.now().minusSeconds(60));
        config.save(expired);

        StoredLogin renewed = new TokenRefresh(new OidcClient()).usable(expired, config, Instant.now());

        assertThat(renewed.accessToken()).isNotEqualTo(login.accessToken());
        assertThat(renewed.expiresAt()).isAfter(Instant.now());
        assertThat(TokenClaims.of(renewed.accessToken()).flatMap(TokenClaims::username))
                .contains("alice");
        assertThat(config.login()).contains(renewed);
        HttpResponse<String> userinfo = userinfo(renewed.accessToken());
        assertThat(userinfo.statusCode())
                .as("the provider's userinfo with the new token")
                .isEqualTo(200);
        assertThat(KeycloakServer.json(userinfo.body())
                        .path("preferred_username")
                        .asText())
                .isEqualTo("alice");
    }

    @Test
    void aRefusedRenewalSaysToLogInAgainAndNamesNoToken() {
        StoredLogin login = alicesConfig.login().orElseThrow();
        StoredLogin forged = new StoredLogin(
                login.server(),
                login.issuer(),
                login.clientId(),
                login.accessToken(),
                "not-a-refresh-token",
                Instant.now().minusSeconds(60));
        CliConfig config = new CliConfig(home.resolve("refused/gitops-flow"));

        assertThatThrownBy(() -> new TokenRefresh(new OidcClient()).usable(forged, config, Instant.now()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("its renewal was refused (invalid_grant")
                .hasMessageEndingWith("run `gitops-flow login`")
                .message()
                .doesNotContain("not-a-refresh-token", login.accessToken());
        assertThat(config.login()).isEmpty();
    }

    @Test
    void aLoginTheUserRefusesInTheBrowserFailsWithExitOneAndStoresNothing() {
        CliConfig config = new CliConfig(home.resolve("bob/gitops-flow"));

        CommandRun run = loginConfirmedInTheBrowser(config, "bob", false);

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err())
                .endsWith("error: the login was refused at the provider (access_denied): nothing was stored\n");
        assertThat(run.out()).isEmpty();
        assertThat(config.login()).isEmpty();
    }

    /** Runs {@code login} in a thread; {@code user} signs in at the URL it printed and grants or denies the CLI. */
    private static CommandRun loginConfirmedInTheBrowser(CliConfig config, String user, boolean grant) {
        StringWriter err = new StringWriter();
        LoginCommand command = new LoginCommand(config, new ByteArrayInputStream(new byte[0]));
        CompletableFuture<CommandRun> login = CompletableFuture.supplyAsync(() -> CommandRun.of(
                command,
                err,
                "--server",
                SERVER,
                "--issuer",
                keycloak.issuer(),
                "--client-id",
                keycloak.cliClientId()));
        String uri = await("the login prints where to confirm it")
                .atMost(PAGE)
                .until(() -> completeUri(err.toString()), found -> found != null || login.isDone());
        assertThat(uri).as("login ended early: %s", err).isNotNull();
        confirm(uri, user, grant);
        return login.orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static HttpResponse<String> userinfo(String accessToken) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(keycloak.issuer() + "/protocol/openid-connect/userinfo"))
                .header("Authorization", "Bearer " + accessToken)
                .timeout(Duration.ofSeconds(10))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String completeUri(String err) {
        Matcher matcher = COMPLETE_URI.matcher(err);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** What a person does: open the URL, sign in, answer the provider's "grant access to gitops-flow-cli?". */
    private static void confirm(String uri, String user, boolean grant) {
        browser.reset();
        WebDriver driver = browser.driver();
        driver.get(uri);
        try {
            await().atMost(PAGE)
                    .until(() -> !driver.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys(user);
            driver.findElement(By.id("password")).sendKeys(keycloak.password(user));
            driver.findElement(By.id("kc-login")).click();
            By answer = By.name(grant ? "accept" : "cancel");
            await().atMost(PAGE).until(() -> !driver.findElements(answer).isEmpty());
            driver.findElement(answer).click();
            await().atMost(PAGE).until(() -> !driver.getCurrentUrl().equals(uri));
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "the device page did not go as expected at " + driver.getCurrentUrl() + ":\n"
                            + driver.getPageSource(),
                    e);
        }
    }
}
