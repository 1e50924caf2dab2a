package io.gitopsflow.analysis.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.analysis.provider.MetricProvider;
import io.gitopsflow.analysis.provider.PrometheusProvider;
import io.gitopsflow.analysis.provider.WebProvider;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.spec.analysis.AnalysisTemplate;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.gitopsflow.spec.analysis.TemplateParser;
import io.gitopsflow.spec.analysis.TemplateProblem;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a run is made of, from argo-rollouts' own samples (src/test/resources/argo-rollouts-corpus, see its SOURCE):
 * {@code spec.templates} composed as Argo composes them, arguments read at measurement time, {@code {{args.x}}} in a
 * schedule field resolved when the run starts, and dry-run rules over the whole run.
 */
class ComposedTemplatesTest {

    /** Stands in for Argo's datadog provider, which gitops-flow lacks, so its documented sample can be read. */
    private static final MetricProvider DATADOG = new MetricProvider() {
        @Override
        public String name() {
            return "datadog";
        }

        @Override
        public List<Problem> validate(Map<String, Object> config) {
            return List.of();
        }

        @Override
        public Uni<Object> measure(Map<String, Object> config) {
            return Uni.createFrom().nullItem();
        }
    };

    private final TemplateParser parser = new TemplateParser(
            Map.of("prometheus", new PrometheusProvider(), "web", new WebProvider(), "datadog", DATADOG),
            new ConditionEvaluator());

    private final Map<String, AnalysisTemplate> loaded = new TreeMap<>();

    private AnalysisTemplate load(String corpusFile) {
        String path = "/argo-rollouts-corpus/" + corpusFile;
        try (InputStream in = getClass().getResourceAsStream(path)) {
            AnalysisTemplate template = parser.parse(corpusFile, new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .get(0);
            loaded.put(template.key(), template);
            return template;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<MetricSpec> run(AnalysisTemplate template, Map<String, String> args) {
        return RunSpecs.resolve(
                List.of(new AnalysisTemplateRef(template.name(), template.clusterScope(), args)),
                List.of(template),
                key -> Optional.ofNullable(loaded.get(key)));
    }

    @Test
    void aTemplateWithMetricsAndTemplatesRunsBothAsInArgosDocs() {
        // docs/features/analysis.md, "Templates composition": rates has a metric and includes error-rate
        load("docs_features_analysis--error-rate-2.yaml");
        AnalysisTemplate rates = load("docs_features_analysis--rates.yaml");
        assertThat(rates.templates())
                .extracting(AnalysisTemplate.TemplateRef::key)
                .containsExactly("AnalysisTemplate/error-rate");

        List<MetricSpec> metrics = run(rates, Map.of("service-name", "checkout.prod.svc.cluster.local"));

        assertThat(metrics).extracting(MetricSpec::name).containsExactly("success-rate", "error-rate");
        assertThat(metrics)
                .allSatisfy(metric -> assertThat(
                                metric.providerConfig().get("query").toString())
                        .contains("destination_service=~\"checkout.prod.svc.cluster.local\"")
                        .doesNotContain("{{"));
        assertThat(metrics.get(1).successCondition()).isEqualTo("result[0] <= 0.95");
    }

    @Test
    void aTemplateOfTemplatesOnlyRunsTheMetricsOfThoseItIncludes() {
        load("docs_features_analysis--success-rate-5.yaml");
        load("docs_features_analysis--error-rate-3.yaml");
        AnalysisTemplate rates = load("docs_features_analysis--rates-2.yaml");
        assertThat(rates.metrics()).isEmpty();

        assertThat(run(rates, Map.of("service-name", "checkout")))
                .extracting(MetricSpec::name)
                .containsExactly("success-rate", "error-rate");
    }

    @Test
    void anIncludedTemplateThatIsNotLoadedEndsTheRunErrorAndIsRefusedAtLoad() {
        load("docs_features_analysis--success-rate-5.yaml");
        AnalysisTemplate rates = load("docs_features_analysis--rates-2.yaml");

        assertThatThrownBy(() -> run(rates, Map.of("service-name", "checkout")))
                .isInstanceOf(RunSpecs.UnresolvableException.class)
                .hasMessage("AnalysisTemplate/rates includes AnalysisTemplate/error-rate (spec.templates), which is"
                        + " not loaded");
        List<TemplateProblem> problems = TemplateRegistry.refuseBrokenCompositions(loaded);
        assertThat(problems)
                .extracting(TemplateProblem::toString)
                .containsExactly("docs_features_analysis--rates-2.yaml:1:1: spec.templates: AnalysisTemplate/rates"
                        + " includes AnalysisTemplate/error-rate (spec.templates), which is not loaded:"
                        + " AnalysisTemplate/rates is refused");
        assertThat(loaded).containsOnlyKeys("AnalysisTemplate/success-rate");
    }

    @Test
    void templatesThatIncludeEachOtherAreACycleNotAStackOverflow() {
        // Argo follows spec.templates without looking for a cycle: its controller recurses until it fails
        parser.parse("a.yaml", """
                        apiVersion: argoproj.io/v1alpha1
                        kind: AnalysisTemplate
                        metadata: {name: a}
                        spec:
                          templates: [{templateName: b, clusterScope: true}]
                        ---
                        apiVersion: argoproj.io/v1alpha1
                        kind: ClusterAnalysisTemplate
                        metadata: {name: b}
                        spec:
                          templates: [{templateName: a}]
                        """).forEach(template -> loaded.put(template.key(), template));

        assertThatThrownBy(() -> run(loaded.get("AnalysisTemplate/a"), Map.of()))
                .isInstanceOf(RunSpecs.UnresolvableException.class)
                .hasMessage("spec.templates form a cycle: AnalysisTemplate/a includes ClusterAnalysisTemplate/b"
                        + " includes AnalysisTemplate/a");
        assertThat(TemplateRegistry.refuseBrokenCompositions(loaded))
                .extracting(TemplateProblem::toString)
                .containsExactly(
                        "a.yaml:1:1: spec.templates: spec.templates form a cycle: AnalysisTemplate/a includes"
                                + " ClusterAnalysisTemplate/b includes AnalysisTemplate/a: AnalysisTemplate/a is"
                                + " refused",
                        "a.yaml:7:1: spec.templates: ClusterAnalysisTemplate/b includes AnalysisTemplate/a"
                                + " (spec.templates), which is not loaded: ClusterAnalysisTemplate/b is refused");
        assertThat(loaded).isEmpty();
    }

    @Test
    void twoIncludedTemplatesWithTheSameMetricAreRefusedAsInArgo() {
        load("docs_features_analysis--success-rate-5.yaml");
        load("docs_features_analysis--success-rate-4.yaml"); // the same name: the later replaces it here
        AnalysisTemplate rates = load("docs_features_analysis--rates.yaml"); // has a success-rate metric itself
        loaded.put(
                rates.key(),
                new AnalysisTemplate(
                        false,
                        "rates",
                        rates.source(),
                        rates.args(),
                        rates.metrics(),
                        List.of(),
                        List.of(),
                        List.of(new AnalysisTemplate.TemplateRef("success-rate", false, 24))));

        assertThatThrownBy(() -> run(loaded.get(rates.key()), Map.of("service-name", "checkout")))
                .isInstanceOf(RunSpecs.UnresolvableException.class)
                .hasMessageStartingWith("metric 'success-rate' is in more than one of the stage's templates");
    }

    @Test
    void argumentsReadFromASecretStayPlaceholdersAndAreRecordedOnTheMetric() {
        // docs/features/analysis.md: api-token comes from the Secret token-secret
        AnalysisTemplate template = load("docs_features_analysis--args-example.yaml");
        assertThat(template.args())
                .contains(new AnalysisTemplate.Argument(
                        "api-token",
                        null,
                        new AnalysisTemplate.ValueFrom(
                                new AnalysisTemplate.SecretKeyRef("token-secret", "apiToken"), null)));

        MetricSpec metric = run(template, Map.of("service-name", "cart", "stable-hash", "s", "latest-hash", "l"))
                .get(0);

        assertThat(metric.valueFromArgs()).containsOnlyKeys("api-token");
        assertThat(metric.providerConfig().get("url")).isEqualTo("http://example/measure?service=cart");
        assertThat(metric.providerConfig().get("headers").toString()).contains("Bearer {{args.api-token}}");
    }

    @Test
    void aFieldRefArgumentIsReadIntoTheModel() {
        AnalysisTemplate template = parser.parse("f.yaml", """
                        apiVersion: argoproj.io/v1alpha1
                        kind: AnalysisTemplate
                        metadata: {name: f}
                        spec:
                          args:
                          - name: app
                            valueFrom:
                              fieldRef:
                                fieldPath: metadata.labels['app']
                          metrics:
                          - name: m
                            provider:
                              web:
                                url: http://status/{{args.app}}
                        """).get(0);
        assertThat(template.args().get(0).valueFrom().fieldRef().fieldPath()).isEqualTo("metadata.labels['app']");
    }

    @Test
    void anInitialDelayFromAnArgumentIsResolvedWhenTheRunStarts() {
        // docs/analysis/datadog.md: initialDelay: "{{ args.restarts.initial-delay }}", default 60s
        AnalysisTemplate template = load("docs_analysis_datadog--canary-container-restarts.yaml");
        MetricSpec written = template.metrics().get(0);
        assertThat(written.initialDelay()).isNull();
        assertThat(written.unresolvedFields()).containsEntry("initialDelay", "{{ args.restarts.initial-delay }}");

        Map<String, String> args = Map.of("canary-hash", "5d8f9", "service-name", "checkout");
        MetricSpec resolved = run(template, args).get(0);
        assertThat(resolved.initialDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(resolved.unresolvedFields()).isEmpty();
        assertThat(resolved.failureCondition()).isEqualTo("default(result, 0) > 4");
        assertThat(RunSpecs.toJson(List.of(resolved))).doesNotContain("unresolvedFields");

        Map<String, String> bad = new TreeMap<>(args);
        bad.put("restarts.initial-delay", "a minute");
        assertThatThrownBy(() -> run(template, bad))
                .isInstanceOf(RunSpecs.UnresolvableException.class)
                .hasMessage("metric 'kubernetes.containers.restarts' of AnalysisTemplate/canary-container-restarts:"
                        + " initialDelay: '{{ args.restarts.initial-delay }}' resolved to 'a minute', which is not a"
                        + " duration (a number and a unit: ms, s, m or h, e.g. 30s, 5m, 1h30m)");
    }

    @Test
    void aCountFromAnArgumentIsCheckedWithArgosRulesWhenTheRunStarts() {
        AnalysisTemplate template = parser.parse(
                        "c.yaml", """
                        apiVersion: argoproj.io/v1alpha1
                        kind: AnalysisTemplate
                        metadata: {name: c}
                        spec:
                          args:
                          - {name: count, value: "5"}
                          - {name: failures, value: "2"}
                          metrics:
                          - name: m
                            interval: "{{args.interval}}"
                            count: "{{args.count}}"
                            failureLimit: "{{ args.failures }}"
                            provider:
                              web: {url: http://status}
                          - name: n
                            interval: 10s
                            provider:
                              web: {url: http://status}
                        """.replace("  - {name: count", "  - {name: interval, value: 30s}\n  - {name: count"))
                .get(0);

        MetricSpec metric = run(template, Map.of()).get(0);
        assertThat(metric.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(metric.count()).isEqualTo(5);
        assertThat(metric.failureLimit()).isEqualTo(2);

        assertThatThrownBy(() -> run(template, Map.of("count", "1", "failures", "3")))
                .isInstanceOf(RunSpecs.UnresolvableException.class)
                .hasMessage("metric 'm' of AnalysisTemplate/c: count (1) must be >= failureLimit +"
                        + " consecutiveSuccessLimit (3 + 0) if both >= 0");
        assertThatThrownBy(() -> run(template, Map.of("count", "five")))
                .hasMessage("metric 'm' of AnalysisTemplate/c: count: '{{args.count}}' resolved to 'five', which is"
                        + " not a whole number");
    }

    @Test
    void aDryRunRuleIsARegularExpressionOverEveryMetricOfTheRun() {
        // docs/features/analysis.md, "Dry-Run Mode": dryRun: [{metricName: .*}] over two metrics
        load("docs_features_analysis--success-rate-5.yaml");
        load("docs_features_analysis--error-rate-3.yaml");
        AnalysisTemplate rates = load("docs_features_analysis--rates-2.yaml");
        loaded.put(rates.key(), withRules(rates, List.of(new AnalysisTemplate.MetricRule(".*", 0)), List.of()));
        assertThat(run(loaded.get(rates.key()), Map.of("service-name", "s")))
                .allSatisfy(metric -> assertThat(metric.dryRun()).isTrue());

        loaded.put(
                rates.key(),
                withRules(
                        rates,
                        List.of(new AnalysisTemplate.MetricRule("error", 0)),
                        List.of(new AnalysisTemplate.MetricRule("rate$", 10))));
        List<MetricSpec> metrics = run(loaded.get(rates.key()), Map.of("service-name", "s"));
        assertThat(metrics).extracting(MetricSpec::dryRun).containsExactly(false, true);
        assertThat(metrics).extracting(MetricSpec::measurementRetention).containsExactly(10, 10);

        loaded.put(rates.key(), withRules(rates, List.of(new AnalysisTemplate.MetricRule("latency", 0)), List.of()));
        assertThatThrownBy(() -> run(loaded.get(rates.key()), Map.of("service-name", "s")))
                .hasMessage("dryRun[0]: Rule didn't match any metric name(s) ('latency')");
    }

    private static AnalysisTemplate withRules(
            AnalysisTemplate template,
            List<AnalysisTemplate.MetricRule> dryRun,
            List<AnalysisTemplate.MetricRule> retention) {
        return new AnalysisTemplate(
                template.clusterScope(),
                template.name(),
                template.source(),
                template.args(),
                template.metrics(),
                dryRun,
                retention,
                new ArrayList<>(template.templates()));
    }
}
