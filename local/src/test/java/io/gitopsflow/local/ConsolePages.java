package io.gitopsflow.local;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.testkit.KeycloakServer;
import io.gitopsflow.testkit.LocalHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The web console as a person uses it in the browser test: signing in at the identity provider's login form, reading
 * parts of a page, the one request a person could forge with their own session, and screenshots of each page.
 */
final class ConsolePages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PAGE = Duration.ofSeconds(30);

    private final WebDriver driver;
    private final String console;
    private final KeycloakServer keycloak;
    private final Path screenshots;
    private final HttpClient http = HttpClient.newHttpClient();

    ConsolePages(WebDriver driver, String console, KeycloakServer keycloak, Path screenshots) {
        this.driver = driver;
        this.console = console;
        this.keycloak = keycloak;
        this.screenshots = screenshots;
    }

    /** Opens {@code path}; the identity provider's login form asks for {@code user}'s password; back on the page. */
    void signIn(String user, String path) {
        driver.get(console + path);
        await().atMost(PAGE).until(() -> !driver.findElements(By.id("username")).isEmpty());
        screenshot("sign-in");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(keycloak.password(user));
        driver.findElement(By.id("kc-login")).click();
        await().atMost(PAGE).until(() -> driver.getCurrentUrl().startsWith(console + "/ui"));
        await().atMost(PAGE).until(() -> text("header").contains("Signed in as " + user));
    }

    /** Signs out with the page's button: the console's session and the provider's end. */
    void signOut() {
        driver.findElement(By.cssSelector("form.user button")).click();
        await().atMost(PAGE).until(() -> driver.getCurrentUrl().contains("/ui/sign-in"));
    }

    void open(String path) {
        driver.get(console + path);
    }

    /** A marker in the page's window, gone if the page is reloaded. */
    void markNoReload() {
        script("window.gitopsFlowMarker = 'still here'; return null");
    }

    boolean stillTheSamePage() {
        return "still here".equals(script("return window.gitopsFlowMarker"));
    }

    /** The text of the first element {@code css} selects, read in one step (a live update may replace it). */
    String text(String css) {
        Object text = ((JavascriptExecutor) driver)
                .executeScript("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
        return text == null ? "" : text.toString();
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /**
     * The approval a viewer could forge: a POST from the page with their own session cookie and their own form
     * token, bypassing the missing button. The status promotion-service's answer came back with.
     */
    long forgedApproval(String promotionId, String pipeline) {
        Object status = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "const form = new URLSearchParams();"
                                + "form.set('csrf', document.querySelector('input[name=csrf]').value);"
                                + "form.set('pipeline', arguments[1]);"
                                + "form.set('comment', 'forged');"
                                + "fetch('/ui/promotions/' + arguments[0] + '/approve',"
                                + " {method: 'POST', body: form, credentials: 'same-origin', redirect: 'manual'})"
                                + ".then(r => done(r.status)).catch(e => done(-1));",
                        promotionId,
                        pipeline);
        return ((Number) status).longValue();
    }

    /** The steps the commit page shows, by kind, once the page shows as many as the timeline has. */
    List<String> timelineKinds(String sha) {
        open("/ui/commits/" + sha);
        return driver.findElements(By.cssSelector("[data-kind]")).stream()
                .map(row -> row.getAttribute("data-kind"))
                .toList();
    }

    /** A figure of the delivery page as the exact number it carries: null where it shows none. */
    Double figure(String id) {
        String value = driver.findElement(By.id(id)).getAttribute("value");
        return value == null || value.isEmpty() ? null : Double.valueOf(value);
    }

    /** The console's JSON API with {@code user}'s access token from the identity provider. */
    JsonNode api(String path, String user) {
        HttpResponse<String> answer = LocalHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(console + path))
                        .header("Authorization", "Bearer " + keycloak.accessToken(user))
                        .GET()
                        .build());
        if (answer.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void screenshot(String name) {
        try {
            java.nio.file.Files.createDirectories(screenshots);
            java.nio.file.Files.write(
                    screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
