package io.gitopsflow.spec.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.provider.PrometheusSettings;
import io.gitopsflow.spec.analysis.provider.ProviderCheck;
import io.gitopsflow.spec.analysis.provider.ProviderChecks;
import io.gitopsflow.spec.analysis.provider.WebSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every AnalysisTemplate and ClusterAnalysisTemplate of argo-rollouts' examples, docs and e2e tests (the corpus'
 * SOURCE file says where each comes from): each is accepted, or refused for the reason listed here — a provider
 * gitops-flow does not implement, or text Argo (Kubernetes) refuses too.
 */
class ArgoRolloutsCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/argo-rollouts-corpus");

    /**
     * The {@code job} provider, once it is merged (helper "job" of issue 19): return it here and the {@link #JOB}
     * templates are expected accepted, the {@link #JOB_MALFORMED} ones refused by its validation.
     */
    static ProviderCheck jobProvider() {
        return ProviderChecks.all(new ConditionEvaluator()).get("job"); // the checks only: no cluster is called
    }

    /**
     * True once the web provider reads {@code insecure} and {@code authentication} and the prometheus provider
     * {@code authentication} (helper "expr" of issue 19): the {@link #PROVIDER_SETTINGS} templates are then expected
     * accepted.
     */
    static final boolean PROVIDER_SETTINGS_MERGED = true;

    /** Templates of providers gitops-flow does not implement: refused with the provider's name and line. */
    static final Map<String, String> UNSUPPORTED_PROVIDER = Map.ofEntries(
            Map.entry("docs_analysis_cloudwatch--success-rate.yaml", "12:7: spec.metrics[0].provider.cloudWatch"),
            Map.entry(
                    "docs_analysis_datadog--canary-container-restarts.yaml", "21:9: spec.metrics[0].provider.datadog"),
            Map.entry("docs_analysis_datadog--log-error-rate.yaml", "14:7: spec.metrics[0].provider.datadog"),
            Map.entry("docs_analysis_datadog--loq-error-rate.yaml", "14:7: spec.metrics[0].provider.datadog"),
            Map.entry("docs_analysis_datadog--loq-error-rate-2.yaml", "14:7: spec.metrics[0].provider.datadog"),
            Map.entry("docs_analysis_datadog--loq-error-rate-3.yaml", "15:7: spec.metrics[0].provider.datadog"),
            Map.entry("docs_analysis_graphite--success-rate.yaml", "15:7: spec.metrics[0].provider.graphite"),
            Map.entry("docs_analysis_influxdb--error-rate.yaml", "14:7: spec.metrics[0].provider.influxdb"),
            Map.entry("docs_analysis_kayenta--mann-whitney.yaml", "14:7: spec.metrics[0].provider.kayenta"),
            Map.entry("docs_analysis_kayenta--mann-whitney-2.yaml", "12:7: spec.metrics[0].provider.kayenta"),
            Map.entry("docs_analysis_newrelic--success-rate.yaml", "12:7: spec.metrics[0].provider.newRelic"),
            Map.entry("docs_analysis_skywalking--apdex.yaml", "14:7: spec.metrics[0].provider.skywalking"),
            Map.entry("docs_analysis_wavefront--success-rate.yaml", "14:7: spec.metrics[0].provider.wavefront"));

    /** Text that Argo cannot use either, with every problem found in it. */
    static final Map<String, List<String>> INVALID = Map.of(
            // examples/traffic-management/rollout-linkerd.yaml writes an annotation's value {{args.linkerd-enabled}}
            // unquoted: YAML reads a flow mapping whose key is a mapping, which kubectl's YAML-to-JSON conversion
            // refuses too (a map key must be a string), so Argo never receives this template
            "examples_traffic-management_rollout-linkerd--load-test.yaml",
            List.of("examples_traffic-management_rollout-linkerd--load-test.yaml:20:39: spec.metrics[0].provider.job"
                    + ".spec.template.metadata.annotations.linkerd.io/inject: keys must be plain text"),
            // a fragment of docs/features/analysis.md: no metadata.name (the API server requires one), no web url
            "docs_features_analysis--unnamed.yaml",
            List.of(
                    "docs_features_analysis--unnamed.yaml:1:1: metadata: is required",
                    "docs_features_analysis--unnamed.yaml:14:9: spec.metrics[0].provider.web.url: is required"),
            // docs/plugins.md elides the metric's fields with "...": not YAML (and a plugin provider)
            "docs_plugins--success-rate.yaml",
            List.of("docs_plugins--success-rate.yaml:9:7: not valid YAML: could not find expected ':'"));

    /** Templates with job metrics, which Argo runs: accepted once {@link #jobProvider()} is there. */
    static final Map<String, String> JOB = Map.ofEntries(
            Map.entry("examples_analysis-templates--pass.yaml", "13:7"),
            Map.entry("examples_analysis-templates--random-fail.yaml", "15:7"),
            Map.entry("examples_cluster-analysis-templates--always-pass.yaml", "12:9"),
            Map.entry("examples_traffic-management_job--load-test.yaml", "13:9"),
            Map.entry("test_e2e_expectedfailures_experiment-failed-analysis--bad-job.yaml", "9:7"),
            Map.entry("test_e2e_functional_analysistemplate-fail-multiple-job--multiple-job-fail.yaml", "19:7"),
            Map.entry("test_e2e_functional_analysistemplate-invalid-image-job--invalid-image-job.yaml", "12:7"),
            Map.entry("test_e2e_functional_analysistemplate-long-running-job--long-running-job.yaml", "13:7"),
            Map.entry(
                    "test_e2e_functional_analysistemplate-long-running-job-deadline--long-running-job-deadline.yaml",
                    "13:7"),
            Map.entry("test_e2e_functional_analysistemplate-multiple-job--multiple-job.yaml", "19:7"),
            Map.entry("test_e2e_functional_analysistemplate-sleep-job--sleep-job.yaml", "20:7"),
            Map.entry("test_e2e_functional_experiment-dry-run-analysis--dry-run-job.yaml", "9:7"),
            Map.entry(
                    "test_e2e_functional_experiment-measurement-retention-analysis--measurement-retention-job.yaml",
                    "11:9"),
            Map.entry("test_e2e_functional_rollout-experiment-analysis--echo-pod-hash.yaml", "14:7"));

    /** Argo's e2e "expected failures": a Job whose {@code memory: invalid} Kubernetes refuses. */
    static final Map<String, String> JOB_MALFORMED = Map.of(
            "test_e2e_expectedfailures_malformed-analysistemplate--malformed-analysis.yaml", "18:21",
            "test_e2e_expectedfailures_malformed-clusteranalysistemplate--malformed-analysis.yaml", "18:21");

    /** Templates using provider settings the providers' own validation is to accept ({@code insecure}, OAuth2). */
    static final Map<String, String> PROVIDER_SETTINGS = Map.of(
            "docs_analysis_prometheus--success-rate-2.yaml", "26:9: spec.metrics[0].provider.prometheus.authentication",
            "docs_analysis_prometheus--success-rate-3.yaml", "31:9: spec.metrics[0].provider.prometheus.authentication",
            "docs_analysis_web--success-rate.yaml", "21:9: spec.metrics[0].provider.web.authentication",
            "test_e2e_functional_analysistemplate-web-background--web-background.yaml",
                    "17:9: spec.metrics[0].provider.web.insecure",
            "test_e2e_functional_test--doesnt-exist-yet.yaml", "13:9: spec.metrics[0].provider.web.insecure");

    private final TemplateParser parser = new TemplateParser(providers(), new ConditionEvaluator());

    private static Map<String, ProviderCheck> providers() {
        Map<String, ProviderCheck> providers = new HashMap<>();
        providers.put("prometheus", new PrometheusSettings(new ConditionEvaluator()));
        providers.put("web", new WebSettings());
        if (jobProvider() != null) {
            providers.put("job", jobProvider());
        }
        return providers;
    }

    @Test
    void everyTemplateOfArgoRolloutsIsAcceptedOrRefusedForItsReason() throws IOException {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Path file : corpus()) {
            String name = file.getFileName().toString();
            List<String> problems = problems(name, Files.readString(file));
            String outcome = expect(name, problems);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println("argo-rollouts corpus: " + corpus().size() + " templates: " + outcomes);
        int accepted = outcomes.getOrDefault("accepted", 0);
        assertThat(corpus()).hasSize(58);
        assertThat(outcomes.get("refused: provider not implemented")).isEqualTo(13);
        assertThat(outcomes.get("refused: invalid in Argo too")).isEqualTo(INVALID.size());
        assertThat(accepted).isEqualTo(40);
        int pending = (jobProvider() == null ? JOB.size() + JOB_MALFORMED.size() : 0)
                + (PROVIDER_SETTINGS_MERGED ? 0 : PROVIDER_SETTINGS.size());
        int malformed = jobProvider() == null ? 0 : JOB_MALFORMED.size();
        assertThat(accepted).isEqualTo(58 - 13 - INVALID.size() - pending - malformed);
    }

    /** The outcome {@code name} has, asserted against what is expected of it. */
    private String expect(String name, List<String> problems) {
        if (UNSUPPORTED_PROVIDER.containsKey(name)) {
            String provider = UNSUPPORTED_PROVIDER.get(name).replaceAll(".*\\.", "");
            assertThat(problems)
                    .as(name)
                    .contains(name + ":" + UNSUPPORTED_PROVIDER.get(name) + ": provider '" + provider
                            + "' is not supported (supported: " + supported() + ")");
            return "refused: provider not implemented";
        }
        if (INVALID.containsKey(name)) {
            assertThat(problems).as(name).containsExactlyElementsOf(INVALID.get(name));
            return "refused: invalid in Argo too";
        }
        if (JOB.containsKey(name) || JOB_MALFORMED.containsKey(name)) {
            String at = JOB.getOrDefault(name, JOB_MALFORMED.get(name));
            if (jobProvider() == null) {
                assertThat(problems)
                        .as(name)
                        .contains(name + ":" + at + ": spec.metrics[0].provider.job: provider 'job' is not supported"
                                + " (supported: " + supported() + ")");
                return "refused: job provider not merged yet";
            }
            if (JOB_MALFORMED.containsKey(name)) {
                assertThat(problems)
                        .as(name)
                        .containsExactly(name + ":" + at + ": spec.metrics[0].provider.job.spec.template.spec"
                                + ".containers[0].resources.requests.memory: 'invalid' is not a quantity (e.g. 64Mi,"
                                + " 250m)");
                return "refused: invalid Job";
            }
        }
        if (PROVIDER_SETTINGS.containsKey(name) && !PROVIDER_SETTINGS_MERGED) {
            assertThat(problems)
                    .as(name)
                    .anyMatch(problem -> problem.startsWith(name + ":" + PROVIDER_SETTINGS.get(name) + ": is not"));
            return "refused: provider settings not merged yet";
        }
        assertThat(problems).as(name).isEmpty();
        return "accepted";
    }

    private static String supported() {
        return String.join(", ", new TreeMap<>(providers()).keySet());
    }

    private List<String> problems(String name, String yaml) {
        try {
            parser.parse(name, yaml);
            return List.of();
        } catch (InvalidTemplateException e) {
            return e.problems().stream().map(TemplateProblem::toString).toList();
        }
    }

    static List<Path> corpus() throws IOException {
        try (var files = Files.list(CORPUS)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void theSourceFileNamesEveryTemplateOfTheCorpus() throws IOException {
        List<String> listed = Files.readAllLines(CORPUS.resolve("SOURCE")).stream()
                .filter(line -> !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf(" | ")))
                .toList();
        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(corpus().stream()
                        .map(file -> file.getFileName().toString())
                        .toList());
        assertThat(Set.copyOf(listed)).hasSameSizeAs(listed);
    }
}
