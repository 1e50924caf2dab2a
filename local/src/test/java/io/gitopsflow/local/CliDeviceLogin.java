package io.gitopsflow.local;

import static org.awaitility.Awaitility.await;

import io.gitopsflow.testkit.Browser;
import io.gitopsflow.testkit.KeycloakServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * {@code gitops-flow login} as a person does it: the launcher runs in a process of its own and prints where to confirm
 * the code; the person opens that page in a real browser, signs in at the provider and grants (or denies) the CLI.
 */
final class CliDeviceLogin {

    private static final Pattern COMPLETE_URI = Pattern.compile("\\(or open (\\S+)\\)");
    private static final Duration PAGE = Duration.ofSeconds(30);

    private CliDeviceLogin() {}

    /** Runs {@code login} against {@code keycloak} with the config directory {@code config}; {@code user} answers. */
    static Cli.Result login(Cli cli, Path config, KeycloakServer keycloak, Browser browser, String user, boolean grant)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                cli.launcher().toString(),
                "login",
                "--server",
                cli.server(),
                "--issuer",
                keycloak.issuer(),
                "--client-id",
                keycloak.cliClientId()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("GITOPS_FLOW_TOKEN");
        builder.environment().remove("GITOPS_FLOW_SERVER");
        builder.environment().put("GITOPS_FLOW_CONFIG_DIR", config.toString());
        Process process = builder.start();
        StringBuffer err = new StringBuffer();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream(), null));
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream(), err));
        String uri = await("the login prints where to confirm it")
                .atMost(PAGE)
                .until(() -> completeUri(err.toString()), found -> found != null || !process.isAlive());
        if (uri != null) {
            confirm(browser, keycloak, uri, user, grant);
        }
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("login did not end in 90 s: " + err);
        }
        return new Cli.Result(process.exitValue(), out.join(), errors.join());
    }

    private static String read(InputStream stream, StringBuffer live) {
        try (stream) {
            StringBuilder all = new StringBuilder();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
                all.append(chunk);
                if (live != null) {
                    live.append(chunk);
                }
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String completeUri(String err) {
        Matcher matcher = COMPLETE_URI.matcher(err);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** What a person does: open the URL, sign in, answer the provider's "grant access to gitops-flow-cli?". */
    private static void confirm(Browser browser, KeycloakServer keycloak, String uri, String user, boolean grant) {
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
