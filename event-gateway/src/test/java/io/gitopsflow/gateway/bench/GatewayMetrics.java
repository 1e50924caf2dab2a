package io.gitopsflow.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the packaged gateway says about itself: readiness and its Prometheus metrics. */
final class GatewayMetrics {

    private static final Pattern STATUS = Pattern.compile("status=\"(\\d{3})\"");

    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;

    GatewayMetrics(int port) {
        this.port = port;
    }

    /** Waits (at most 90 s) for {@code /q/health/ready} to answer 200. */
    void awaitReady() throws IOException, InterruptedException {
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> answer =
                        client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not become ready; see target/benchmark-event-gateway.log");
    }

    /** How many webhook requests the gateway has answered so far, by HTTP status. */
    Map<Integer, Long> webhookStatuses() throws IOException, InterruptedException {
        Map<Integer, Long> statuses = new TreeMap<>();
        metrics()
                .lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains("/webhooks"))
                .forEach(line -> {
                    Matcher status = STATUS.matcher(line);
                    if (status.find()) {
                        long count = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        statuses.merge(Integer.parseInt(status.group(1)), count, Long::sum);
                    }
                });
        return statuses;
    }

    /** The answers between two readings of {@link #webhookStatuses()}. */
    static Map<Integer, Long> difference(Map<Integer, Long> before, Map<Integer, Long> after) {
        Map<Integer, Long> difference = new TreeMap<>();
        after.forEach((status, count) -> {
            long answered = count - before.getOrDefault(status, 0L);
            if (answered > 0) {
                difference.put(status, answered);
            }
        });
        return difference;
    }

    /** The gateway's own step timings and webhook counts, as report lines. */
    String stepLines() throws IOException, InterruptedException {
        return metrics()
                .lines()
                .filter(line -> line.startsWith("gitopsflow_gateway_webhooks_total")
                        || line.startsWith("gitopsflow_gateway_step_seconds_sum")
                        || line.startsWith("gitopsflow_gateway_step_seconds_count")
                        || line.startsWith("gitopsflow_gateway_step_seconds_max"))
                .map(line -> "  " + line + "\n")
                .reduce("", String::concat);
    }

    private String metrics() throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/q/metrics");
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
