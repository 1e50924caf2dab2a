package io.gitopsflow.analysis.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web provider against a local HTTP endpoint: methods, headers, bodies, jsonPath, errors and the timeout. */
class WebProviderTest {

    private static HttpServer server;
    private static String base;
    private static final AtomicReference<String> lastRequest = new AtomicReference<>();
    private final WebProvider web = new WebProvider();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastRequest.set(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("X-Token") + " " + body);
            answer(exchange, 200, "{\"data\":{\"ok\":true,\"errorRate\":0.02,\"codes\":[200,200,503]}}");
        });
        server.createContext("/broken", exchange -> answer(exchange, 503, "overloaded"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{}");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Object measure(Map<String, Object> config) {
        return web.measure(config)
                .onFailure()
                .recoverWithItem(failure -> "error: " + failure.getMessage())
                .await()
                .atMost(Duration.ofSeconds(15));
    }

    @Test
    void getPicksTheValueWithArgosJsonPath() {
        assertThat(measure(Map.of("url", base + "/status", "jsonPath", "{$.data.errorRate}")))
                .isEqualTo(0.02);
        assertThat(measure(Map.of("url", base + "/status", "jsonPath", "$.data.ok")))
                .isEqualTo(true);
        assertThat(measure(Map.of("url", base + "/status", "jsonPath", "{$.data.codes}")))
                .isEqualTo(List.of(200.0, 200.0, 503.0)); // Go's encoding/json reads every number as a float64
        assertThat(measure(Map.of("url", base + "/status")))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKey("data");
    }

    @Test
    void postSendsHeadersAndBody() {
        measure(Map.of(
                "url",
                base + "/status",
                "method",
                "POST",
                "headers",
                List.of(Map.of("key", "X-Token", "value", "t0k")),
                "jsonBody",
                Map.of("window", "5m")));
        assertThat(lastRequest.get()).isEqualTo("POST t0k {\"window\":\"5m\"}");
        measure(Map.of("url", base + "/status", "method", "PUT", "body", "plain"));
        assertThat(lastRequest.get()).isEqualTo("PUT null plain");
    }

    @Test
    void failuresAreClearErrors() {
        assertThat(measure(Map.of("url", base + "/broken")))
                .isEqualTo("error: received non 2xx response code: 503 (overloaded)");
        assertThat(measure(Map.of("url", base + "/status", "jsonPath", "{$.data.missing}")))
                .asString()
                .startsWith("error: jsonPath {$.data.missing} matches nothing");
        assertThat(measure(Map.of("url", base + "/slow", "timeoutSeconds", 1L)))
                .isEqualTo("error: GET " + base + "/slow did not answer within 1 s");
    }

    @Test
    void theDefaultTimeoutIsTenSeconds() {
        assertThat(WebProvider.DEFAULT_TIMEOUT_SECONDS).isEqualTo(10);
    }
}
