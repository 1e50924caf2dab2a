package io.gitopsflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Grafana dashboard and the PrometheusRule read only metrics the services export: every PromQL expression names
 * metrics of deploy/monitoring/exported-metrics.txt, whose [code] section is derived here from the services' sources
 * (so a renamed meter fails the build), and every alert has a runbook section in docs/runbooks.md.
 */
class MonitoringTest {

    private static final Path ROOT = Path.of(System.getProperty("gitopsflow.root", ".."));
    private static final List<String> SERVICES = List.of(
            "event-gateway", "build-worker", "gitops-writer", "promotion-service", "analysis-service", "console");
    private static final Pattern METER_NAME = Pattern.compile("\"(gitops(?:flow)?\\.[a-z0-9.]+)\"");
    /** The registration call before a meter's name, and the Prometheus suffixes each kind of meter is exported with. */
    private static final Map<Pattern, List<String>> KINDS = kinds();

    private static final Pattern ALERT_ANCHOR = Pattern.compile("docs/runbooks\\.md#([a-z0-9-]+)$");

    private static Map<Pattern, List<String>> kinds() {
        Map<Pattern, List<String>> kinds = new LinkedHashMap<>();
        kinds.put(Pattern.compile("(?:\\.counter|Counter\\.builder)\\($"), List.of("_total"));
        kinds.put(
                Pattern.compile("(?:\\.timer|Timer\\.builder)\\($"),
                List.of("_seconds_count", "_seconds_sum", "_seconds_max"));
        kinds.put(Pattern.compile("DistributionSummary\\.builder\\($"), List.of("_count", "_sum", "_max"));
        kinds.put(Pattern.compile("(?:Gauge\\.builder|gauge)\\((?:\\s*registry,)?$"), List.of(""));
        return kinds;
    }

    @Test
    void theListedMetricsOfTheCodeAreTheMetersTheServicesRegister() throws IOException {
        assertThat(section("code")).isEqualTo(metersInTheCode());
    }

    @Test
    void everyDashboardQueryNamesAnExportedMetric() throws IOException {
        List<String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(15);
        assertNamesExported(queries);
    }

    @Test
    void everyAlertNamesAnExportedMetricAndHasARunbook() throws IOException {
        List<Map<String, Object>> rules = alertRules();
        assertThat(rules)
                .extracting(rule -> rule.get("alert"))
                .contains(
                        "GitopsFlowDeadLetters",
                        "GitopsFlowConsumerLagGrowing",
                        "GitopsFlowPromotionsStuck",
                        "GitopsFlowBuildsFailing",
                        "GitopsFlowGateway5xx");
        assertNamesExported(
                rules.stream().map(rule -> (String) rule.get("expr")).toList());
        String runbooks = Files.readString(ROOT.resolve("docs/runbooks.md"));
        for (Map<String, Object> rule : rules) {
            String alert = (String) rule.get("alert");
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
            assertThat(annotations).as(alert).containsKeys("summary", "description", "runbook_url");
            Matcher anchor = ALERT_ANCHOR.matcher(annotations.get("runbook_url"));
            assertThat(anchor.find()).as(alert + " runbook_url").isTrue();
            assertThat(anchor.group(1)).isEqualTo(alert.toLowerCase());
            assertThat(runbooks).as("docs/runbooks.md section of " + alert).contains("\n## " + alert + "\n");
        }
    }

    @Test
    void theTokenizerFindsMetricsNotFunctionsLabelsOrKeywords() {
        assertThat(PromQlNames.of("sum by (job, topic) (increase(kafka_producer_topic_record_send_total"
                        + "{topic=~\".+\\\\.dlq\", job!=\"by\"}[15m])) > 0"))
                .containsExactly("kafka_producer_topic_record_send_total");
        assertThat(PromQlNames.of("sum(rate(a_sum[$__rate_interval])) / sum(rate(a_count[5m])) by (le) > 0.5"
                        + " and on(job) min_over_time(b[30m:1m]) offset 1h unless c == bool 1e3"))
                .containsExactly("a_count", "a_sum", "b", "c");
        assertThat(PromQlNames.of("histogram_quantile(0.99, sum without (pod) (rate(x_bucket{le!=\"+Inf\"}[1m])))"))
                .containsExactly("x_bucket");
    }

    private static void assertNamesExported(List<String> queries) throws IOException {
        Set<String> exported = new TreeSet<>(section("code"));
        exported.addAll(section("quarkus"));
        for (String query : queries) {
            assertThat(PromQlNames.of(query)).as(query).isNotEmpty().isSubsetOf(exported);
        }
    }

    /** The service sources' meter names, as Micrometer's Prometheus registry exports them. */
    private static Set<String> metersInTheCode() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String service : SERVICES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(service).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher name = METER_NAME.matcher(source);
                    while (name.find()) {
                        String before = source.substring(Math.max(0, name.start() - 80), name.start())
                                .replaceAll("\\s+", "");
                        for (Map.Entry<Pattern, List<String>> kind : KINDS.entrySet()) {
                            if (kind.getKey().matcher(before).find()) {
                                String base = name.group(1).replace('.', '_');
                                kind.getValue().forEach(suffix -> names.add(base + suffix));
                            }
                        }
                    }
                }
            }
        }
        return names;
    }

    private static Set<String> section(String name) throws IOException {
        Set<String> names = new TreeSet<>();
        String current = null;
        for (String line : Files.readAllLines(ROOT.resolve("deploy/monitoring/exported-metrics.txt"))) {
            String text = line.strip();
            if (text.startsWith("[") && text.endsWith("]")) {
                current = text.substring(1, text.length() - 1);
            } else if (!text.isEmpty() && !text.startsWith("#") && name.equals(current)) {
                names.add(text);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<String> dashboardQueries() throws IOException {
        Map<String, Object> dashboard =
                (Map<String, Object>) new Load(LoadSettings.builder().build())
                        .loadFromString(Files.readString(ROOT.resolve("deploy/grafana/gitops-flow.json")));
        List<String> queries = new ArrayList<>();
        List<Map<String, Object>> panels = new ArrayList<>((List<Map<String, Object>>) dashboard.get("panels"));
        for (int i = 0; i < panels.size(); i++) {
            Map<String, Object> panel = panels.get(i);
            panels.addAll((List<Map<String, Object>>) panel.getOrDefault("panels", List.of()));
            for (Map<String, Object> target : (List<Map<String, Object>>) panel.getOrDefault("targets", List.of())) {
                queries.add((String) target.get("expr"));
            }
        }
        return queries;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertRules() throws IOException {
        Map<String, Object> document =
                (Map<String, Object>) new Load(LoadSettings.builder().build())
                        .loadFromString(Files.readString(ROOT.resolve("deploy/monitoring/prometheus-rules.yaml")));
        assertThat(document)
                .containsEntry("apiVersion", "monitoring.coreos.com/v1")
                .containsEntry("kind", "PrometheusRule");
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group :
                (List<Map<String, Object>>) ((Map<String, Object>) document.get("spec")).get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }
}
