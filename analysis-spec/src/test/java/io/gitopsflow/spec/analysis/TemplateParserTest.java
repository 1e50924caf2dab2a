package io.gitopsflow.spec.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.provider.PrometheusSettings;
import io.gitopsflow.spec.analysis.provider.ProviderCheck;
import io.gitopsflow.spec.analysis.provider.WebSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading AnalysisTemplates: the seed's as they are written, and precise errors for everything unsupported. */
class TemplateParserTest {

    private final TemplateParser parser = new TemplateParser(
            Map.<String, ProviderCheck>of(
                    "prometheus", new PrometheusSettings(new ConditionEvaluator()), "web", new WebSettings()),
            new ConditionEvaluator());

    static String resource(String name) {
        try (InputStream in = TemplateParserTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<TemplateProblem> problems(String yaml) {
        try {
            parser.parse("t.yaml", yaml);
        } catch (InvalidTemplateException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems in\n" + yaml);
    }

    @Test
    void theTemplatesDeployShipsAreValid() throws IOException {
        java.nio.file.Path folder = java.nio.file.Path.of("..", "deploy", "config", "analysis-templates");
        // every provider analysis-service runs: the shipped tests are job templates
        TemplateParser parser = new TemplateParser(
                io.gitopsflow.spec.analysis.provider.ProviderChecks.all(new ConditionEvaluator()),
                new ConditionEvaluator());
        try (var files = java.nio.file.Files.list(folder)) {
            List<java.nio.file.Path> templates = files.toList();
            assertThat(templates).isNotEmpty();
            for (java.nio.file.Path file : templates) {
                assertThat(parser.parse(file.getFileName().toString(), java.nio.file.Files.readString(file)))
                        .as(file.toString())
                        .hasSize(1);
            }
        }
    }

    @Test
    void readsTheSeedTemplatesWithArgoDefaults() {
        AnalysisTemplate success = parser.parse("success-rate-check.yaml", resource("seed-002/success-rate-check.yaml"))
                .get(0);
        assertThat(success.key()).isEqualTo("AnalysisTemplate/success-rate-check");
        MetricSpec metric = success.metrics().get(0);
        assertThat(metric.name()).isEqualTo("success-rate");
        assertThat(metric.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(metric.successCondition()).isEqualTo("result[0] >= 0.95");
        assertThat(metric.failureLimit()).isEqualTo(3);
        assertThat(metric.inconclusiveLimit()).isZero();
        assertThat(metric.consecutiveErrorLimit()).isEqualTo(4);
        assertThat(metric.effectiveCount()).isNull();
        assertThat(metric.provider()).isEqualTo("prometheus");
        assertThat(metric.providerConfig().get("query").toString()).contains("http_requests_total");
        AnalysisTemplate latency = parser.parse("latency-check.yaml", resource("seed-002/latency-check.yaml"))
                .get(0);
        assertThat(latency.metrics().get(0).successCondition()).isEqualTo("result[0] <= 500");
    }

    @Test
    void readsEveryArgoFieldAndSeveralDocuments() {
        List<AnalysisTemplate> templates = parser.parse("t.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: ClusterAnalysisTemplate
                metadata:
                  name: web-check
                spec:
                  args:
                    - name: host
                    - name: threshold
                      value: "0.05"
                  dryRun:
                    - metricName: shadow
                  measurementRetention:
                    - metricName: "*"
                      limit: 5
                  metrics:
                    - name: errors
                      interval: 1m30s
                      initialDelay: 10s
                      count: 4
                      successCondition: result < {{args.threshold}}
                      failureCondition: result > 0.5
                      failureLimit: -1
                      inconclusiveLimit: 2
                      consecutiveErrorLimit: 1
                      consecutiveSuccessLimit: 2
                      provider:
                        web:
                          url: http://{{args.host}}/status
                          method: POST
                          headers:
                            - key: Authorization
                              value: Bearer x
                          jsonBody: {window: 5m}
                          timeoutSeconds: 3
                          jsonPath: "{$.errorRate}"
                    - name: shadow
                      provider:
                        web:
                          url: http://{{args.host}}/other
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: second
                spec:
                  metrics:
                    - name: one
                      provider:
                        prometheus:
                          address: http://prometheus:9090
                          query: up
                          rangeQuery:
                            start: now() - duration('10m')
                            end: now()
                            step: 1m
                """);
        assertThat(templates).hasSize(2);
        AnalysisTemplate web = templates.get(0);
        assertThat(web.clusterScope()).isTrue();
        assertThat(web.args())
                .containsExactly(
                        new AnalysisTemplate.Argument("host", null),
                        new AnalysisTemplate.Argument("threshold", "0.05"));
        MetricSpec errors = web.metrics().get(0);
        assertThat(errors.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(errors.initialDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(errors.count()).isEqualTo(4);
        assertThat(errors.failureLimit()).isEqualTo(-1);
        assertThat(errors.inconclusiveLimit()).isEqualTo(2);
        assertThat(errors.consecutiveErrorLimit()).isEqualTo(1);
        assertThat(errors.consecutiveSuccessLimit()).isEqualTo(2);
        assertThat(errors.dryRun()).isFalse();
        assertThat(errors.measurementRetention()).isEqualTo(5);
        assertThat(web.metrics().get(1).dryRun()).isTrue();
        assertThat(templates.get(1).metrics().get(0).effectiveCount()).isEqualTo(1);
    }

    @Test
    void unsupportedFieldsAreReportedWithTheirLine() {
        List<TemplateProblem> problems = problems("""
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: t
                spec:
                  metrics:
                    - name: m
                      interval: 30s
                      successConditon: result[0] > 1
                      provider:
                        prometheus:
                          address: http://p:9090
                          query: up
                          authentication:
                            sigv4: {}
                """);
        assertThat(problems)
                .extracting(TemplateProblem::toString)
                .containsExactlyInAnyOrder(
                        "t.yaml:9:7: spec.metrics[0].successConditon: is not supported (supported here: consecutiveErrorLimit,"
                                + " consecutiveSuccessLimit, count, failureCondition, failureLimit, inconclusiveLimit,"
                                + " initialDelay, interval, name, provider, successCondition)",
                        "t.yaml:15:13: spec.metrics[0].provider.prometheus.authentication.sigv4: AWS SigV4 signing is"
                                + " not supported by gitops-flow (it needs the AWS SDK); put a SigV4 signing proxy in"
                                + " front of the endpoint and point the address at it");
    }

    @Test
    void wrongValuesAreReportedWithTheirLineAndWhatIsExpected() {
        List<TemplateProblem> problems = problems("""
                apiVersion: argoproj.io/v1alpha2
                kind: Rollout
                metadata:
                  name: Bad_Name
                spec:
                  args:
                    - name: a
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                      value: x
                  metrics:
                    - name: m
                      interval: 30 seconds
                      count: three
                      failureLimit: -2
                      successCondition: result[0] >=
                      failureCondition: result[0] < {{args.missing}}
                      provider:
                        job: {}
                    - name: m
                      provider:
                        web:
                          method: DELETE
                          timeoutSeconds: 0
                          jsonPath: "{$.[}"
                """);
        List<String> texts = problems.stream().map(TemplateProblem::toString).toList();
        assertThat(texts).anyMatch(t -> t.startsWith("t.yaml:1:13: apiVersion: must be argoproj.io/v1alpha1"));
        assertThat(texts).anyMatch(t -> t.startsWith("t.yaml:2:7: kind: must be AnalysisTemplate or"));
        assertThat(texts).anyMatch(t -> t.startsWith("t.yaml:4:9: metadata.name:"));
        assertThat(texts)
                .anyMatch(t -> t.startsWith("t.yaml:7:7: spec.args[0]: arg 'a' has both Value and ValueFrom fields"));
        assertThat(texts).anyMatch(t -> t.startsWith("t.yaml:12:17: spec.metrics[0].interval: '30 seconds' is not"));
        assertThat(texts).anyMatch(t -> t.startsWith("t.yaml:13:14: spec.metrics[0].count: must be a whole number"));
        assertThat(texts)
                .anyMatch(t -> t.startsWith("t.yaml:14:21: spec.metrics[0].failureLimit: must be at least -1"));
        assertThat(texts).anyMatch(t -> t.startsWith("t.yaml:15:25: spec.metrics[0].successCondition: condition"));
        assertThat(texts).anyMatch(t -> t.contains("{{args.missing}} names an argument spec.args does not declare"));
        assertThat(texts)
                .anyMatch(t -> t.startsWith("t.yaml:18:9: spec.metrics[0].provider.job: provider 'job' is not"
                        + " supported (supported: prometheus, web)"));
        assertThat(texts).anyMatch(t -> t.contains("spec.metrics[1].name: metric 'm' is defined twice"));
        assertThat(texts).anyMatch(t -> t.contains("provider.web.url: is required"));
        assertThat(texts).anyMatch(t -> t.contains("provider.web.method: must be GET, POST or PUT"));
        assertThat(texts).anyMatch(t -> t.contains("provider.web.timeoutSeconds: must be a whole number of seconds"));
        assertThat(texts).anyMatch(t -> t.contains("provider.web.jsonPath: '{$.[}' is not a JSONPath"));
    }

    @Test
    void yamlThatDoesNotParseSaysWhere() {
        assertThatThrownBy(() -> parser.parse("broken.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: [\n"))
                .isInstanceOf(InvalidTemplateException.class)
                .hasMessageStartingWith("broken.yaml:3:1: not valid YAML");
        assertThatThrownBy(() -> parser.parse("empty.yaml", ""))
                .isInstanceOf(InvalidTemplateException.class)
                .hasMessage("empty.yaml: holds no AnalysisTemplate");
    }

    private static final String HEAD = """
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: t
            spec:
            """;

    @Test
    void everyYamlErrorSaysWhere() {
        Map<String, String> cases = Map.of(
                "  metrics:\n\t- name: m\n",
                "t.yaml:7:1: not valid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use"
                        + " \\t(TAB) for indentation)",
                "  metrics:\n  - name: m\n    provider:\n      web:\n        url: http://a\n        url: http://b\n",
                "t.yaml:11:9: spec.metrics[0].provider.web.url: is set twice",
                "  metrics:\n  - name: m\n    provider:\n      web:\n        url: http://a\n        ? [a]\n        : b\n",
                "t.yaml:11:11: spec.metrics[0].provider.web: keys must be plain text",
                "  metrics:\n  - name: m\n    provider:\n      web: &w\n        url: http://a\n        jsonBody: *w\n",
                "t.yaml:11:9: spec.metrics[0].provider.web.jsonBody: refers to a mapping or list that contains it (a"
                        + " recursive alias)",
                "  metrics:\n  - name: \u0001\n",
                "t.yaml:7:11: not valid YAML: special characters are not allowed",
                "  metrics: *nope\n",
                "t.yaml:6:12: not valid YAML: found undefined alias nope",
                "  metrics:\n  - name: m\n    provider:\n      web:\n        url: http://a\n---\nfoo: [\n",
                "t.yaml:13:1: not valid YAML: expected the node content, but found '<stream end>'",
                "  metrics:\n  - <<: 3\n    name: m\n    provider:\n      web:\n        url: http://a\n",
                "t.yaml:7:5: <<: a merge key (<<) takes a mapping or a list of mappings");
        cases.forEach((body, expected) -> assertThat(problems(HEAD + body))
                .extracting(TemplateProblem::toString)
                .as(body)
                .contains(expected));
    }

    @Test
    void mergeKeysAreExpandedAsKubectlReadsThem() {
        List<AnalysisTemplate> templates = parser.parse("t.yaml", HEAD + """
                  metrics:
                  - &base
                    name: a
                    interval: 30s
                    provider:
                      web:
                        url: http://status/a
                  - <<: *base
                    name: b
                """);
        assertThat(templates.get(0).metrics()).extracting(MetricSpec::name).containsExactly("a", "b");
        assertThat(templates.get(0).metrics().get(1).interval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void argoRegularExpressionsSelectTheDryRunMetrics() {
        AnalysisTemplate template = parser.parse("t.yaml", HEAD + """
                  dryRun:
                  - metricName: test.*
                  measurementRetention:
                  - metricName: .*
                    limit: 3
                  metrics:
                  - name: test-latency
                    provider: {web: {url: http://status}}
                  - name: error-rate
                    provider: {web: {url: http://status}}
                """).get(0);
        assertThat(template.metrics()).extracting(MetricSpec::dryRun).containsExactly(true, false);
        assertThat(template.metrics())
                .extracting(MetricSpec::measurementRetention)
                .containsExactly(3, 3);
        assertThat(problems(HEAD + "  dryRun:\n  - metricName: \"(\"\n  metrics:\n  - name: m\n"
                        + "    provider: {web: {url: http://status}}\n"))
                .extracting(TemplateProblem::toString)
                .singleElement()
                .asString()
                .startsWith("t.yaml:7:17: spec.dryRun[0].metricName: '(' is not a regular expression");
    }

    @Test
    void argosLimitRulesAreCheckedWhenTheValuesAreWritten() {
        assertThat(problems(HEAD + """
                  metrics:
                  - name: m
                    interval: 10s
                    count: 2
                    failureLimit: 3
                    provider: {web: {url: http://status}}
                """))
                .extracting(TemplateProblem::toString)
                .containsExactly("t.yaml:9:12: spec.metrics[0].count: count (2) must be >= failureLimit +"
                        + " consecutiveSuccessLimit (3 + 0) if both >= 0");
    }
}
