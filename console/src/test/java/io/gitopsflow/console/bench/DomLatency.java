package io.gitopsflow.console.bench;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.testkit.Browser;
import io.gitopsflow.testkit.ServiceProcess;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.WebDriver;

/**
 * Event appended to Kafka → visible in a real browser's DOM, what a person watching the board sees: headless Chromium
 * ({@link Browser}) shows the board page with the signed-in cookie, its own console.js following the live region as
 * in production (SSE from /ui/live, then the fragment fetched and put into {@code #board}). A MutationObserver on
 * {@code #board} records {@code performance.timeOrigin + performance.now()} (wall-clock milliseconds of this machine)
 * when the marker text first appears; the benchmark records {@code System.currentTimeMillis()} just before the send.
 * Each marker is a new promotion into the stage {@code dev} (created, Pending) with a unique Freight alias, which the
 * stage card shows as its latest promotion.
 */
final class DomLatency {

    /** Installed once per page load: records when {@code window.benchMark} first shows in #board. */
    private static final String OBSERVE = """
            var board = document.getElementById('board');
            window.benchMark = null;
            window.benchSeen = null;
            window.benchDone = null;
            new MutationObserver(function () {
              if (window.benchMark && window.benchSeen === null && board.textContent.indexOf(window.benchMark) >= 0) {
                window.benchSeen = performance.timeOrigin + performance.now();
                if (window.benchDone) { window.benchDone(window.benchSeen); }
              }
            }).observe(board, { childList: true, subtree: true, characterData: true });
            return board !== null;
            """;

    private static final String ARM =
            "window.benchSeen = null; window.benchDone = null; window.benchMark = arguments[0];";

    /** Resolves with the time the marker showed, at once when it already has, else when the observer sees it. */
    private static final String AWAIT = """
            var done = arguments[arguments.length - 1];
            if (window.benchSeen !== null) { done(window.benchSeen); } else { window.benchDone = done; }
            """;

    private final ServiceProcess console;
    private final String cookie;
    private final KafkaProducer<String, byte[]> producer;
    private final String run;
    private final String pipeline;

    DomLatency(
            ServiceProcess console,
            String cookie,
            KafkaProducer<String, byte[]> producer,
            String run,
            String pipeline) {
        this.console = console;
        this.cookie = cookie;
        this.producer = producer;
        this.run = run;
        this.pipeline = pipeline;
    }

    /** Appends {@code count} promotions one at a time; returns the quantiles of append → DOM. */
    String measure(int count) throws Exception {
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            browser.addCookie(URI.create(console.url()), WebConsoleBenchmark.SESSION_COOKIE, cookie, true);
            driver.get(console.url() + "/ui/pipelines/" + pipeline);
            JavascriptExecutor script = (JavascriptExecutor) driver;
            if (!Boolean.TRUE.equals(script.executeScript(OBSERVE))) {
                throw new IllegalStateException("the board page has no #board: " + driver.getTitle());
            }
            awaitLive(script);
            for (int i = 0; i < Math.max(5, count / 10); i++) {
                once(script, "warm-" + run + "-" + i);
            }
            List<Double> millis = new ArrayList<>();
            int missed = 0;
            for (int i = 0; i < count; i++) {
                double latency = once(script, "mark-" + run + "-" + i);
                millis.add(latency);
                missed += Double.isNaN(latency) ? 1 : 0;
            }
            if (missed > 0) {
                System.out.println(missed + " markers never showed in 10 s: see " + browser.folder());
            }
            Object offset = script.executeScript("return performance.timeOrigin + performance.now() - Date.now();");
            return ConsoleBenchmark.report("append -> browser DOM (#board)", millis)
                    + String.format(
                            " (browser's performance clock - Date.now() at the end: %.1f ms)",
                            ((Number) offset).doubleValue());
        }
    }

    /** Waits until console.js has its event stream open, so the first marker does not time the connection. */
    private static void awaitLive(JavascriptExecutor script) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"open"
                .equals(script.executeScript(
                        "return document.getElementById('board').getAttribute('data-live-state');"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the board's live updates never opened");
            }
            Thread.sleep(50);
        }
    }

    /** One marker: arms the observer, sends its promotion, waits for it in the DOM; NaN when it never shows. */
    private double once(JavascriptExecutor script, String marker) throws Exception {
        script.executeScript(ARM, marker);
        String sha = String.format("%040x", new Random().nextLong() & Long.MAX_VALUE);
        PromotionUpdated created = new PromotionUpdated(
                UUID.randomUUID().toString(),
                pipeline,
                "dev",
                sha.substring(0, 39) + "e",
                marker,
                sha,
                null,
                PromotionUpdated.Change.CREATED,
                PromotionUpdated.Phase.PENDING,
                null,
                "alice",
                null,
                Instant.now());
        long sent = System.currentTimeMillis();
        ConsoleBenchmark.send(producer, EventType.PROMOTION_UPDATED, created, run);
        producer.flush();
        try {
            Object seen = script.executeAsyncScript(AWAIT);
            return ((Number) seen).doubleValue() - sent;
        } catch (ScriptTimeoutException e) {
            return Double.NaN;
        }
    }
}
