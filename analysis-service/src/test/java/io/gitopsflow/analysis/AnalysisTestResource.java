package io.gitopsflow.analysis;

import com.sun.net.httpserver.HttpServer;
import io.gitopsflow.testkit.MetricsTarget;
import io.gitopsflow.testkit.PrometheusServer;
import io.gitopsflow.testkit.TestFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The service's world for the ITs: a real Prometheus scraping a healthy demo-app, a web endpoint whose error rate the
 * test sets, and a templates folder with seed 002's templates (address and timing made fit for a test) and a few
 * more.
 */
public class AnalysisTestResource implements QuarkusTestResourceLifecycleManager {

    /** The error rate the web endpoint answers; tests set it. */
    public static volatile double webErrorRate = 0.0;

    /** The web endpoint's base URL. */
    public static volatile String webUrl;

    private MetricsTarget app;
    private PrometheusServer prometheus;
    private HttpServer web;

    @Override
    public Map<String, String> start() {
        String prometheusUrl = "http://127.0.0.1:1";
        if (PrometheusServer.available()) {
            app = MetricsTarget.start("demo-app", 0.01, 120);
            prometheus = PrometheusServer.start(List.of(app.hostPort()));
            prometheus.awaitData("sum(rate(http_requests_total{app=\"demo-app\"}[2m])) > 0", Duration.ofSeconds(30));
            prometheusUrl = prometheus.url();
        }
        try {
            web = startWebEndpoint();
            Path folder = TestFolders.newFolder("analysis-templates");
            for (String seed : List.of("success-rate-check.yaml", "latency-check.yaml")) {
                // seed 002 as written, but against this Prometheus and short enough for a test: 2 measurements 1 s
                // apart (and a failureLimit of 2, since Argo refuses a count below failureLimit)
                String text = resource("seed-002/" + seed)
                        .replace("http://prometheus.prometheus:9090", prometheusUrl)
                        .replace("interval: 30s", "interval: 1s\n      count: 2")
                        .replace("failureLimit: 3", "failureLimit: 2");
                Files.writeString(folder.resolve(seed), text);
            }
            webUrl = "http://127.0.0.1:" + web.getAddress().getPort();
            Files.writeString(folder.resolve("more.yaml"), """
                    apiVersion: argoproj.io/v1alpha1
                    kind: ClusterAnalysisTemplate
                    metadata:
                      name: web-error-rate
                    spec:
                      args:
                        - name: path
                          value: /health
                      metrics:
                        - name: error-rate
                          interval: 1s
                          count: 2
                          successCondition: result < 0.05
                          provider:
                            web:
                              url: %s{{args.path}}
                              jsonPath: "{$.errorRate}"
                    ---
                    apiVersion: argoproj.io/v1alpha1
                    kind: AnalysisTemplate
                    metadata:
                      name: broken-query
                    spec:
                      metrics:
                        - name: broken
                          interval: 1s
                          consecutiveErrorLimit: 1
                          successCondition: result[0] > 0
                          provider:
                            prometheus:
                              address: %s
                              query: sum(rate(http_requests_total[2m])
                    ---
                    apiVersion: argoproj.io/v1alpha1
                    kind: AnalysisTemplate
                    metadata:
                      name: kept-newest
                    spec:
                      measurementRetention:
                        - metricName: kept
                          limit: 2
                      metrics:
                        - name: kept
                          interval: 1s
                          count: 5
                          successCondition: result < 0.05
                          provider:
                            web:
                              url: %s/health
                              jsonPath: "{$.errorRate}"
                    ---
                    apiVersion: argoproj.io/v1alpha1
                    kind: AnalysisTemplate
                    metadata:
                      name: long-check
                    spec:
                      metrics:
                        - name: steady
                          interval: 1s
                          count: 300
                          provider:
                            web:
                              url: %s/health
                    """.formatted(webUrl, prometheusUrl, webUrl, webUrl));
            Files.writeString(folder.resolve("refused.yaml"), """
                    apiVersion: argoproj.io/v1alpha1
                    kind: AnalysisTemplate
                    metadata:
                      name: refused
                    spec:
                      metrics:
                        - name: m
                          intervall: 1s
                          provider:
                            web:
                              url: http://example.invalid
                    """);
            // hostile files (issue 17): each refused with its file:line reason; the others keep working
            Files.writeString(
                    folder.resolve("zz-deep.yaml"),
                    "# a list nested 20,000 deep\nitems: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");
            Files.writeString(folder.resolve("zz-loop.yaml"), """
                    apiVersion: argoproj.io/v1alpha1
                    kind: AnalysisTemplate
                    metadata:
                      name: loops
                    spec:
                      metrics:
                        - name: forever
                          successCondition: "while(true){}"
                          provider:
                            web:
                              url: http://example.invalid
                    """);
            return Map.of("gitops-flow.analysis.templates-dir", folder.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (web != null) {
            web.stop(0);
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** A web endpoint on 127.0.0.1: {@code GET /health} answers {@code {"errorRate": <webErrorRate>}}. */
    public static HttpServer startWebEndpoint() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = ("{\"errorRate\": " + webErrorRate + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    static String resource(String name) {
        try (InputStream in = AnalysisTestResource.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
