package io.gitopsflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart deploy/helm/gitops-flow, rendered by Helm's own engine: its generated templates are what the build writes,
 * its default values render what the kustomization applies (less the Namespace, which {@code helm install
 * --create-namespace} makes), and every value it documents changes what it says.
 */
class HelmChartTest {

    private static final Path ROOT = Path.of(System.getProperty("gitopsflow.root", ".."));
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path CHART = DEPLOY.resolve(HelmChart.CHART);
    private static final String NAMESPACE = DeployManifests.NAMESPACE;
    // the oldest Kubernetes the chart supports (Chart.yaml kubeVersion: unhealthyPodEvictionPolicy is GA from 1.27 on)
    private static final String KUBERNETES = "v1.27.0";

    private static Map<String, Map<String, Object>> defaults;

    static List<String> services() {
        return Arrays.asList(System.getProperty("deploy.services").split(","));
    }

    @BeforeAll
    static void render() {
        defaults = render(Map.of());
    }

    @Test
    void theCommittedChartIsWhatTheBuildGenerates() throws IOException {
        Path templates = CHART.resolve("templates");
        assertThat(Files.readString(CHART.resolve("Chart.yaml")))
                .isEqualTo(HelmChart.chartYaml(System.getProperty("project.version")));
        for (String service : services()) {
            assertThat(Files.readString(templates.resolve(service + ".yaml")))
                    .as(service)
                    .isEqualTo(HelmChart.service(
                            service, Files.readString(DEPLOY.resolve("kubernetes/" + service + ".yaml"))));
        }
        assertThat(Files.readString(templates.resolve("kafka-topics.yaml"))).isEqualTo(HelmChart.kafkaTopics());
        assertThat(Files.readString(templates.resolve("network-policy.yaml")))
                .isEqualTo(HelmChart.networkPolicy(Files.readString(DEPLOY.resolve("network-policy.yaml"))));
        assertThat(Files.readString(templates.resolve("prometheus-rules.yaml")))
                .isEqualTo(HelmChart.prometheusRules(
                        Files.readString(DEPLOY.resolve("monitoring/prometheus-rules.yaml"))));
        assertThat(Files.readString(templates.resolve("config.yaml")))
                .isEqualTo(HelmConfigMaps.template(DEPLOY, services()));
        assertThat(Files.readString(templates.resolve("analysis-rbac.yaml")))
                .isEqualTo(HelmChart.analysisRbac(
                        Files.readString(DEPLOY.resolve("analysis-rbac/cluster-role.yaml")),
                        Files.readString(DEPLOY.resolve("analysis-rbac/role-binding.yaml"))));
    }

    @Test
    void helmLintFindsNothingToSayEvenStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.getMessages())
                .noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void theDefaultValuesRenderWhatTheKustomizationApplies() throws IOException {
        Map<String, Map<String, Object>> kustomized = Kustomize.build(DEPLOY);
        assertThat(kustomized.remove("Namespace/" + NAMESPACE)).isNotNull();
        assertThat(defaults.keySet()).containsExactlyInAnyOrderElementsOf(kustomized.keySet());
        kustomized.forEach(
                (key, resource) -> assertThat(defaults.get(key)).as(key).isEqualTo(resource));
    }

    @Test
    void kubectlKustomizeGivesWhatTheTestsCompareTheChartWith() throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed");
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", DEPLOY.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(output).isZero();
        Map<String, Map<String, Object>> expected = Kustomize.build(DEPLOY);
        Map<String, Map<String, Object>> actual = byKey(output);
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, resource) -> assertThat(actual.get(key)).as(key).isEqualTo(resource));
    }

    @ParameterizedTest
    @MethodSource("services")
    void eachServiceRunsItsImageProbedOnItsPortWithItsAccountSettingsAndSecret(String service) {
        Map<String, Object> deployment = defaults.get("Deployment/" + service);
        Map<String, Object> podSpec = map(map(map(deployment, "spec"), "template"), "spec");
        Map<String, Object> container = list(podSpec, "containers").get(0);
        Object port = list(container, "ports").get(0).get("containerPort");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(map(map(container, probe), "httpGet").get("port"))
                    .as(probe)
                    .isEqualTo(port);
        }
        assertThat(map(map(container, "readinessProbe"), "httpGet")).containsEntry("path", "/q/health/ready");
        assertThat(container.get("image"))
                .isEqualTo("ghcr.io/gitops-flow/" + service + ":" + System.getProperty("project.version"));
        assertThat(list(map(defaults.get("Service/" + service), "spec"), "ports")
                        .get(0))
                .containsEntry("targetPort", port);
        assertThat(defaults).containsKey("ServiceAccount/" + podSpec.get("serviceAccountName"));
        assertThat(defaults).containsKey("PodDisruptionBudget/" + service);
        for (Map<String, Object> source : list(container, "envFrom")) {
            String reference = source.containsKey("configMapRef")
                    ? "ConfigMap/" + map(source, "configMapRef").get("name")
                    : "Secret " + map(source, "secretRef").get("name");
            assertThat(reference).isIn("ConfigMap/gitops-flow", "ConfigMap/" + service, "Secret " + service);
            if (reference.startsWith("ConfigMap/")) {
                assertThat(defaults).containsKey(reference);
            }
        }
        for (Map<String, Object> binding : defaults.values()) {
            if (binding.get("kind").toString().endsWith("RoleBinding")) {
                Map<String, Object> roleRef = map(binding, "roleRef");
                assertThat(defaults).containsKey(roleRef.get("kind") + "/" + roleRef.get("name"));
            }
        }
    }

    @Test
    void theValuesSetImagesReplicasResourcesSecretsAndSettings() {
        Map<String, Map<String, Object>> rendered = render(Map.ofEntries(
                Map.entry("image.registry", "registry.acme.example/gf"),
                Map.entry("image.tag", "1.2.3"),
                Map.entry("services.console.image.tag", "1.2.4"),
                Map.entry("services.console.replicas", "3"),
                Map.entry("services.console.resources.limits.memory", "1Gi"),
                Map.entry("services.console.existingSecret", "console-prod"),
                Map.entry("services.console.jwtSecret", "oidc-public-key"),
                Map.entry("services.console.database.name", "console_prod"),
                Map.entry("services.console.config.GITOPS_FLOW_CONSOLE_SCHEMA", "replayed"),
                Map.entry("kafka.bootstrapServers", "kafka.acme.example:9093"),
                Map.entry("oidc.issuer", "https://sso.acme.example"),
                Map.entry("database.host", "pg.acme.example")));
        Map<String, Object> podSpec = map(map(map(rendered.get("Deployment/console"), "spec"), "template"), "spec");
        Map<String, Object> container = list(podSpec, "containers").get(0);
        assertThat(map(rendered.get("Deployment/console"), "spec")).containsEntry("replicas", 3);
        assertThat(container).containsEntry("image", "registry.acme.example/gf/console:1.2.4");
        assertThat(list(
                                map(map(map(rendered.get("Deployment/build-worker"), "spec"), "template"), "spec"),
                                "containers")
                        .get(0))
                .containsEntry("image", "registry.acme.example/gf/build-worker:1.2.3");
        assertThat(map(map(container, "resources"), "limits")).containsEntry("memory", "1Gi");
        assertThat(list(container, "envFrom")).contains(Map.of("secretRef", Map.of("name", "console-prod")));
        assertThat(list(podSpec, "volumes"))
                .anySatisfy(volume -> assertThat(map(volume, "secret")).containsEntry("secretName", "oidc-public-key"));
        assertThat(map(rendered.get("ConfigMap/console"), "data"))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://pg.acme.example:5432/console_prod")
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://pg.acme.example:5432/console_prod")
                .containsEntry("MP_JWT_VERIFY_ISSUER", "https://sso.acme.example")
                .containsEntry("GITOPS_FLOW_CONSOLE_SCHEMA", "replayed");
        assertThat(map(rendered.get("ConfigMap/build-worker"), "data"))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://pg.acme.example:5432/build_worker")
                .doesNotContainKey("MP_JWT_VERIFY_ISSUER");
        assertThat(map(rendered.get("ConfigMap/gitops-flow"), "data"))
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka.acme.example:9093");
    }

    @Test
    void theTogglesAddIngressesMonitoringAndAlertsAndLeaveTopicsAndPoliciesOut() throws IOException {
        Map<String, Map<String, Object>> rendered = render(Map.of(
                "ingress.gateway.enabled", "true",
                "ingress.gateway.host", "hooks.acme.example",
                "ingress.console.enabled", "true",
                "serviceMonitor.enabled", "true",
                "prometheusRule.enabled", "true",
                "prometheusRule.labels.release", "kube-prometheus-stack",
                "kafka.topics.create", "false",
                "networkPolicy.enabled", "false"));
        assertThat(rendered.keySet())
                .noneMatch(key -> key.startsWith("KafkaTopic/") || key.startsWith("NetworkPolicy/"));
        Map<String, Object> rule = list(map(rendered.get("Ingress/event-gateway"), "spec"), "rules")
                .get(0);
        assertThat(rule).containsEntry("host", "hooks.acme.example");
        assertThat(rendered).containsKeys("Ingress/console", "ServiceMonitor/gitops-flow");
        // the alerts are the file's, in the release's namespace, with the labels the operator selects them by
        Map<String, Object> alerts = new LinkedHashMap<>(
                HelmChart.map(HelmChart.load(Files.readString(DEPLOY.resolve("monitoring/prometheus-rules.yaml")))
                        .get(0)));
        Map<String, Object> metadata = new LinkedHashMap<>(map(alerts, "metadata"));
        Map<String, Object> labels = new TreeMap<>(map(metadata, "labels"));
        labels.put("release", "kube-prometheus-stack");
        metadata.put("labels", labels);
        alerts.put("metadata", metadata);
        assertThat(rendered.get("PrometheusRule/gitops-flow")).isEqualTo(alerts);
    }

    @Test
    void analysisServiceIsBoundInTheProjectsNamespacesTheValuesName() throws IOException {
        assertThat(defaults.keySet()).noneMatch(key -> key.contains("analysis-service-measure"));
        String yaml = new Helm(CHART)
                .template()
                .withName("gitops-flow")
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBERNETES)
                .set("analysisRbac.namespaces[0]", "books")
                .set("analysisRbac.namespaces[1]", "shop")
                .call();
        List<Map<String, Object>> rendered = HelmChart.load(yaml).stream()
                .map(HelmChart::map)
                .filter(resource -> !resource.get("kind").equals("Deployment"))
                .filter(resource -> Kustomize.key(resource).endsWith("/analysis-service-measure"))
                .toList();
        // what `kubectl apply -k deploy/analysis-rbac` applies in books, and the same binding in shop
        Map<String, Map<String, Object>> books = Kustomize.build(DEPLOY.resolve("analysis-rbac"));
        assertThat(rendered).hasSize(3).containsAll(books.values());
        Map<String, Object> shop = new LinkedHashMap<>(books.get("RoleBinding/analysis-service-measure"));
        Map<String, Object> metadata = new LinkedHashMap<>(map(shop, "metadata"));
        metadata.put("namespace", "shop");
        shop.put("metadata", metadata);
        assertThat(rendered).contains(shop);
    }

    private static Map<String, Map<String, Object>> render(Map<String, String> values) {
        TemplateCommand template = new Helm(CHART)
                .template()
                .withName("gitops-flow")
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBERNETES);
        values.forEach(template::set);
        return byKey(template.call());
    }

    private static Map<String, Map<String, Object>> byKey(String yaml) {
        Map<String, Map<String, Object>> byKey = new TreeMap<>();
        for (Object document : HelmChart.load(yaml)) {
            Map<String, Object> resource = HelmChart.map(document);
            assertThat(byKey.put(Kustomize.key(resource), resource))
                    .as(Kustomize.key(resource))
                    .isNull();
        }
        return byKey;
    }

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, command)));
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent.get(key)).as(key).isInstanceOf(Map.class);
        return HelmChart.map(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        assertThat(parent.get(key)).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) parent.get(key);
    }
}
