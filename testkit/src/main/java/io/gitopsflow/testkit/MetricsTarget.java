package io.gitopsflow.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A scrape target whose metrics the test controls: an application {@code app} serving traffic at a steady rate with
 * a chosen share of 5xx answers and a chosen latency, exposed as Prometheus text at {@code /metrics}
 * ({@code http_requests_total{app,status}} and the histogram {@code http_request_duration_milliseconds}). Every
 * scrape adds one tick of traffic, so {@code rate()} sees exactly the shares set here. {@code /status} answers the
 * current shares as JSON ({@code {"app":…,"successRate":0.99,"latencyMillis":120.0}}), for a {@code web} metric
 * where no Prometheus runs.
 */
public final class MetricsTarget implements AutoCloseable {

    private static final double[] BUCKETS = {50, 100, 250, 500, 1000, 2500};
    private static final int REQUESTS_PER_TICK = 100;

    private final HttpServer server;
    private final String app;
    private volatile double errorShare;
    private volatile double latencyMillis;
    private long ok;
    private long errors;
    private final long[] bucketCounts = new long[BUCKETS.length];
    private long observations;
    private double sum;

    private MetricsTarget(String app, double errorShare, double latencyMillis) throws IOException {
        this.app = app;
        this.errorShare = errorShare;
        this.latencyMillis = latencyMillis;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/status", exchange -> {
            byte[] body = String.format(
                            Locale.ROOT,
                            "{\"app\":\"%s\",\"successRate\":%.4f,\"latencyMillis\":%.1f}",
                            app,
                            1 - this.errorShare,
                            this.latencyMillis)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://" + hostPort();
    }

    /** A target for {@code app} answering {@code errorShare} (0..1) of requests with 5xx, each in {@code latencyMillis}. */
    public static MetricsTarget start(String app, double errorShare, double latencyMillis) {
        try {
            return new MetricsTarget(app, errorShare, latencyMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the metrics target", e);
        }
    }

    /** {@code 127.0.0.1:<port>}, for Prometheus' static_configs. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Changes the traffic from the next scrape on. */
    public void set(double errorShare, double latencyMillis) {
        this.errorShare = errorShare;
        this.latencyMillis = latencyMillis;
    }

    private synchronized String scrape() {
        long failing = Math.round(REQUESTS_PER_TICK * errorShare);
        errors += failing;
        ok += REQUESTS_PER_TICK - failing;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (latencyMillis <= BUCKETS[i]) {
                bucketCounts[i] += REQUESTS_PER_TICK;
            }
        }
        observations += REQUESTS_PER_TICK;
        sum += REQUESTS_PER_TICK * latencyMillis;
        StringBuilder text = new StringBuilder();
        text.append("# TYPE http_requests_total counter\n");
        text.append(line("http_requests_total", "status=\"200\"", ok));
        text.append(line("http_requests_total", "status=\"500\"", errors));
        text.append("# TYPE http_request_duration_milliseconds histogram\n");
        for (int i = 0; i < BUCKETS.length; i++) {
            text.append(line(
                    "http_request_duration_milliseconds_bucket",
                    "le=\"" + String.format(Locale.ROOT, "%.1f", BUCKETS[i]) + "\"",
                    bucketCounts[i]));
        }
        text.append(line("http_request_duration_milliseconds_bucket", "le=\"+Inf\"", observations));
        text.append(line("http_request_duration_milliseconds_count", null, observations));
        text.append("http_request_duration_milliseconds_sum{app=\"" + app + "\"} "
                + String.format(Locale.ROOT, "%.1f", sum) + "\n");
        return text.toString();
    }

    private String line(String name, String labels, long value) {
        return name + "{app=\"" + app + "\"" + (labels == null ? "" : "," + labels) + "} " + value + "\n";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
