package io.gitopsflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real headless Chromium: a page whose script changes the DOM after load is seen changed, escaped markup shows
 * as text, a cookie set before the first navigation reaches the server, a screenshot is saved, and the shared browser
 * forgets cookies on reset. Skipped where Debian's chromium and chromium-driver are not installed.
 */
class BrowserTest {

    private static final String HOSTILE = "<script>document.title='pwned'</script><b>bold</b>";

    private static HttpServer server;
    private static URI origin;
    private static Browser browser;
    private static long startMillis;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        if (!Browser.available()) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/page", BrowserTest::page);
        server.start();
        origin = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        long started = System.nanoTime();
        browser = Browser.shared();
        startMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @BeforeEach
    void skipWithoutChromiumAndStartClean() {
        assumeTrue(Browser.available(), Browser.unavailableReason());
        browser.reset();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close(); // the shared browser stays for the JVM's other tests
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aPageChangedByItsScriptShowsEscapedMarkupAsTextAndIsScreenshotted() {
        browser.addCookie(origin, "session", "s3cret", true);

        long started = System.nanoTime();
        browser.driver().get(origin.resolve("/page").toString());
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBe(By.id("status"), "ready"));
        long pageMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf("Browser: start %d ms, first page until its script ran %d ms%n", startMillis, pageMillis);

        assertThat(browser.driver().findElement(By.id("comment")).getText()).isEqualTo(HOSTILE);
        assertThat(browser.driver().findElements(By.cssSelector("#comment script, #comment b")))
                .isEmpty();
        assertThat(browser.driver().getTitle()).isEqualTo("Browser test");
        assertThat(browser.driver().findElement(By.id("cookie")).getText()).isEqualTo("session=s3cret");

        Path png = browser.screenshot(Path.of("target", "screenshots", "browser-test.png"));
        assertThat(png).isNotEmptyFile();
        assertThat(readHeader(png)).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void aResetSharedBrowserSendsNoCookieOfAnEarlierTest() {
        browser.driver().get(origin.resolve("/page").toString());

        assertThat(browser.driver().findElement(By.id("cookie")).getText()).isEmpty();
        assertThat(Browser.shared()).isSameAs(browser);
    }

    private static byte[] readHeader(Path png) {
        try {
            return Files.readAllBytes(png);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void page(HttpExchange exchange) throws IOException {
        String cookie = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Cookie"), "");
        String html = "<!doctype html><html><head><title>Browser test</title></head><body>"
                + "<p id=\"status\">loading</p>"
                + "<p id=\"comment\">" + escape(HOSTILE) + "</p>"
                + "<p id=\"cookie\">" + escape(cookie) + "</p>"
                + "<script>window.addEventListener('load', () => setTimeout(() =>"
                + " { document.getElementById('status').textContent = 'ready'; }, 100));</script>"
                + "</body></html>";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
