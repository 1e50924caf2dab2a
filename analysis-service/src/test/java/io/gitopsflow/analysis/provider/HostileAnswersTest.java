package io.gitopsflow.analysis.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gitopsflow.analysis.service.RunSpecs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 7 (the measured value): a provider's answer cannot cost more than {@link AnswerLimits} allows — an
 * endless answer is cut off while it streams, deep or duplicate-key JSON is an Error measurement with the reason, and
 * what is stored of a value stays small.
 */
class HostileAnswersTest {

    private static HttpServer server;
    private static String base;
    private final WebProvider web = new WebProvider();
    private final PrometheusProvider prometheus = new PrometheusProvider();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/endless", exchange -> {
            // chunked, no length announced: 64 MiB unless the reader stops
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = ("[" + "1,".repeat(32 * 1024)).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the reader hung up: what it should do
            }
        });
        server.createContext("/deep", exchange -> answer(exchange, "[".repeat(900) + "]".repeat(900)));
        server.createContext("/deeper", exchange -> answer(exchange, "[".repeat(100_000) + "]".repeat(100_000)));
        server.createContext("/duplicate", exchange -> answer(exchange, "{\"ok\": true, \"ok\": false}"));
        server.createContext("/big-value", exchange -> answer(exchange, "\"" + "x".repeat(100_000) + "\""));
        server.createContext(
                "/api/v1/query",
                exchange -> answer(
                        exchange,
                        "{\"status\":\"success\",\"data\":" + "{\"resultType\":\"vector\",\"result\":"
                                + "[".repeat(5000) + "]".repeat(5000) + "}}"));
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Object measure(MetricProvider provider, Map<String, Object> config) {
        return provider.measure(config)
                .onFailure()
                .recoverWithItem(failure -> "error: " + failure.getMessage())
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    @Test
    void anEndlessAnswerIsCutOffAtTheLimit() {
        assertThat(measure(web, Map.of("url", base + "/endless")))
                .asString()
                .isEqualTo("error: GET " + base + "/endless: the answer is larger than " + AnswerLimits.MAX_ANSWER_BYTES
                        + " bytes: not read");
    }

    @Test
    void deepJsonIsAnErrorWithTheReasonNotAValue() {
        assertThat(measure(web, Map.of("url", base + "/deep")))
                .asString()
                .startsWith("error: the answer is refused as JSON: Document nesting depth (65) exceeds the maximum"
                        + " allowed (64");
        assertThat(measure(web, Map.of("url", base + "/deeper", "jsonPath", "{$[0]}")))
                .asString()
                .startsWith("error: the answer is refused as JSON");
        assertThat(measure(prometheus, Map.of("address", base, "query", "up")))
                .asString()
                .startsWith("error: Prometheus' answer is refused: Document nesting depth (65)");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThat(measure(web, Map.of("url", base + "/duplicate", "jsonPath", "{$.ok}")))
                .asString()
                .startsWith("error: the answer is refused as JSON: Duplicate field 'ok'");
    }

    @Test
    void whatIsStoredOfALargeValueIsCut() {
        Object value = measure(web, Map.of("url", base + "/big-value"));
        assertThat(value).asString().hasSize(100_000);
        assertThat(RunSpecs.display(value)).hasSize(RunSpecs.MAX_DISPLAY + 1).endsWith("…");
    }
}
