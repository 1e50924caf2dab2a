package io.gitopsflow.analysis.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.gitopsflow.spec.analysis.TemplateParser;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.testkit.MetricsTarget;
import io.gitopsflow.testkit.PrometheusServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's templates, as written, against a real Prometheus scraping a healthy and a degraded application: they
 * pass on the first and fail on the second; a query Prometheus refuses is an Error with Prometheus' reason.
 */
class SeedTemplatesIT {

    private static final ConditionEvaluator CONDITIONS = new ConditionEvaluator();
    private static final PrometheusProvider PROMETHEUS = new PrometheusProvider();
    private static MetricsTarget healthyApp;
    private static MetricsTarget degradedApp;
    private static PrometheusServer healthy;
    private static PrometheusServer degraded;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(PrometheusServer.available(), "prometheus is not installed");
        healthyApp = MetricsTarget.start("demo-app", 0.01, 120);
        degradedApp = MetricsTarget.start("demo-app", 0.20, 900);
        healthy = PrometheusServer.start(List.of(healthyApp.hostPort()));
        degraded = PrometheusServer.start(List.of(degradedApp.hostPort()));
        String ready = "sum(rate(http_requests_total{app=\"demo-app\"}[2m])) > 0";
        healthy.awaitData(ready, Duration.ofSeconds(30));
        degraded.awaitData(ready, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {healthy, degraded, healthyApp, degradedApp}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    static MetricSpec seedMetric(String file, String prometheusUrl) {
        String yaml = resource("seed-002/" + file).replace("http://prometheus.prometheus:9090", prometheusUrl);
        TemplateParser parser = new TemplateParser(Map.of("prometheus", PROMETHEUS), CONDITIONS);
        return parser.parse(file, yaml).get(0).metrics().get(0);
    }

    private static Assessment.Verdict measure(MetricSpec metric) {
        Object result = PROMETHEUS.measure(metric.providerConfig()).await().atMost(Duration.ofSeconds(10));
        return new Assessment(CONDITIONS).measurement(metric, result);
    }

    @Test
    void successRateCheckPassesOnAHealthyTargetAndFailsOnADegradedOne() {
        assertThat(measure(seedMetric("success-rate-check.yaml", healthy.url())).phase())
                .isEqualTo(Phase.SUCCESSFUL);
        Assessment.Verdict bad = measure(seedMetric("success-rate-check.yaml", degraded.url()));
        assertThat(bad.phase()).isEqualTo(Phase.FAILED);
        assertThat(bad.message()).isEqualTo("successCondition 'result[0] >= 0.95' is false");
    }

    @Test
    void latencyCheckPassesOnAHealthyTargetAndFailsOnADegradedOne() {
        MetricSpec good = seedMetric("latency-check.yaml", healthy.url());
        Object p95 = PROMETHEUS.measure(good.providerConfig()).await().atMost(Duration.ofSeconds(10));
        assertThat(p95)
                .asList()
                .singleElement()
                .satisfies(v -> assertThat((Double) v).isBetween(100.0, 250.0));
        assertThat(measure(good).phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(measure(seedMetric("latency-check.yaml", degraded.url())).phase())
                .isEqualTo(Phase.FAILED);
    }

    @Test
    void aQueryPrometheusRefusesAndAnUnreachablePrometheusAreClearErrors() {
        Map<String, Object> broken = Map.of("address", healthy.url(), "query", "sum(rate(http_requests_total[2m]");
        assertThat(PROMETHEUS
                        .measure(broken)
                        .onFailure()
                        .recoverWithItem(Throwable::getMessage)
                        .await()
                        .indefinitely())
                .asString()
                .startsWith("Prometheus refused the query (HTTP 400, bad_data): ");
        Map<String, Object> away = Map.of("address", "http://127.0.0.1:1", "query", "up", "timeout", 2L);
        assertThat(PROMETHEUS
                        .measure(away)
                        .onFailure()
                        .recoverWithItem(Throwable::getMessage)
                        .await()
                        .indefinitely())
                .asString()
                .startsWith("Prometheus at http://127.0.0.1:1 is unreachable");
    }

    @Test
    void aRangeQueryIsOneFlatListOfEverySeriesValuesAsInArgo() {
        // two series (status 200 and 500): Argo's prometheus provider flattens the matrix into one []float64
        Map<String, Object> range = Map.of(
                "address",
                healthy.url(),
                "query",
                "rate(http_requests_total{app=\"demo-app\"}[2m])",
                "rangeQuery",
                Map.of("start", "now() - duration('10s')", "end", "now()", "step", "1s"));
        Object result = PROMETHEUS.measure(range).await().atMost(Duration.ofSeconds(10));
        assertThat(result)
                .asList()
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(v -> assertThat(v).isInstanceOf(Double.class));
        assertThat(CONDITIONS.evaluate("all(result, # >= 0)", result)).isTrue();
    }

    @Test
    void argosDocumentedRangeQueryTemplateRunsOnARealPrometheus() {
        // expr-samples/prometheus/range-query-example.yaml is docs/analysis/prometheus.md's template; its query names
        // a metric our target does not export, so the test asks for the p95 latency of the target instead
        String yaml = resource("expr-samples/prometheus/range-query-example.yaml")
                .replace("{{args.lookback-duration}}", "30s")
                .replace(
                        "http_latency_ms{service=\"{{args.service-name}}\"}",
                        "histogram_quantile(0.95, sum(rate("
                                + "http_request_duration_milliseconds_bucket{app=\"demo-app\"}[2m])) by (le))")
                .replace("step: 1m", "step: 5s");
        TemplateParser parser = new TemplateParser(Map.of("prometheus", PROMETHEUS), CONDITIONS);
        MetricSpec good = parser.parse(
                        "range-query-example.yaml", yaml.replace("http://prometheus.example.com:9090", healthy.url()))
                .get(0)
                .metrics()
                .get(0);
        Object latencies = PROMETHEUS.measure(good.providerConfig()).await().atMost(Duration.ofSeconds(10));
        assertThat(latencies)
                .asList()
                .isNotEmpty()
                .allSatisfy(v -> assertThat((Double) v).isBetween(100.0, 250.0));
        assertThat(measure(good).phase()).isEqualTo(Phase.SUCCESSFUL);
        MetricSpec tight = parser.parse(
                        "tight.yaml",
                        yaml.replace("http://prometheus.example.com:9090", healthy.url())
                                .replace("# < 1000", "# < 100"))
                .get(0)
                .metrics()
                .get(0);
        assertThat(measure(tight).phase()).isEqualTo(Phase.FAILED);
    }

    /**
     * Argo's documented template with {@code authentication.basicAuth} (docs/analysis/prometheus.md, in the corpus)
     * against a real Prometheus that requires it. Its istio query has no data here, so the seed's query replaces it;
     * the secret arguments are filled in as they are at measurement time.
     */
    @Test
    void basicAuthOfArgosDocumentedTemplateReachesAPrometheusThatRequiresIt() {
        try (PrometheusServer guarded =
                PrometheusServer.startWithBasicAuth(List.of(healthyApp.hostPort()), "analysis", "s3cr3t-pw")) {
            TemplateParser parser = new TemplateParser(Map.of("prometheus", PROMETHEUS), CONDITIONS);
            String file = "docs_analysis_prometheus--success-rate-3.yaml";
            MetricSpec metric = parser.parse(file, resource("argo-rollouts-corpus/" + file))
                    .get(0)
                    .metrics()
                    .get(0);
            Map<String, Object> config = new java.util.LinkedHashMap<>(metric.providerConfig());
            config.put("address", guarded.url());
            String query = "sum(rate(http_requests_total{app=\"demo-app\"}[2m])) > 0";
            guarded.awaitData(query, Duration.ofSeconds(30));
            config.put("query", query);
            config.put("authentication", Map.of("basicAuth", Map.of("username", "analysis", "password", "s3cr3t-pw")));
            Object result = PROMETHEUS.measure(config).await().atMost(Duration.ofSeconds(10));
            assertThat(result).asList().hasSize(1);

            config.put("authentication", Map.of("basicAuth", Map.of("username", "analysis", "password", "wrong")));
            assertThat(PROMETHEUS
                            .measure(config)
                            .onFailure()
                            .recoverWithItem(Throwable::getMessage)
                            .await()
                            .atMost(Duration.ofSeconds(10)))
                    .asString()
                    .contains("401")
                    .doesNotContain("wrong");
        }
    }

    static String resource(String name) {
        try (InputStream in = SeedTemplatesIT.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
