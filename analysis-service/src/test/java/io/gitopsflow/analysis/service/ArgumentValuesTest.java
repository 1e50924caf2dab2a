package io.gitopsflow.analysis.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gitopsflow.analysis.config.ClusterConfig;
import io.gitopsflow.analysis.provider.MeasurementException;
import io.gitopsflow.analysis.service.ArgumentValues.UnresolvableArgumentException;
import io.gitopsflow.spec.analysis.AnalysisTemplate.FieldRef;
import io.gitopsflow.spec.analysis.AnalysisTemplate.SecretKeyRef;
import io.gitopsflow.spec.analysis.AnalysisTemplate.ValueFrom;
import io.gitopsflow.spec.analysis.MetricSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** valueFrom arguments read through the Kubernetes API (Fabric8 mock, CRUD mode), and where a run measures. */
@EnableKubernetesMockClient(crud = true)
class ArgumentValuesTest {

    KubernetesClient client;

    private static final ValueFrom EXAMPLE_SECRET =
            new ValueFrom(new SecretKeyRef("example-secret", "secretUrl"), null);

    @Test
    void theExamplesSecretKeyIsReadDecodedAndMaskedInText() throws IOException {
        // argo-rollouts' examples/rollout-secret.yaml, its Secret as written (base64 of a gist's URL)
        String sample;
        try (InputStream in = getClass().getResourceAsStream("/job-samples/examples_rollout-secret.yaml")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Secret secret = Serialization.unmarshal(sample.split("\n---\n")[1], Secret.class);
        client.secrets().inNamespace("books").resource(secret).create();

        SecretArguments values = new ArgumentValues(client)
                .read("books", Map.of("secret-url", EXAMPLE_SECRET))
                .await()
                .indefinitely();
        MetricSpec metric = new MetricSpec(
                        "webmetric",
                        null,
                        null,
                        null,
                        "result == 'It worked!'",
                        null,
                        0,
                        0,
                        4,
                        0,
                        false,
                        0,
                        "web",
                        Map.of("url", "{{args.secret-url}}", "jsonPath", "{$.message}"))
                .withProviderConfig(
                        Map.of("url", "{{args.secret-url}}", "jsonPath", "{$.message}"),
                        "result == 'It worked!'",
                        null,
                        Map.of("secret-url", EXAMPLE_SECRET));
        String url = "https://gist.githubusercontent.com/khhirani/2ab11232402518d5277af030dd8916d7/raw/"
                + "d272f551f2d1806a03974dbaef11dfd55102feea/example.json";
        assertThat(values.fill(metric).providerConfig()).containsEntry("url", url);
        assertThat(values.fill(metric).valueFromArgs()).isEmpty();
        assertThat(values.mask("GET " + url + " is unreachable")).isEqualTo("GET ***** is unreachable");
        assertThat(values.toString()).doesNotContain("gist");
    }

    @Test
    void aMissingSecretOrKeyOrAFieldRefCannotBeResolvedAsInArgo() {
        ArgumentValues arguments = new ArgumentValues(client);
        assertThatThrownBy(() -> arguments
                        .read("shop", Map.of("secret-url", EXAMPLE_SECRET))
                        .await()
                        .indefinitely())
                .isInstanceOf(UnresolvableArgumentException.class)
                .hasMessage("secrets \"example-secret\" not found in namespace shop");
        client.secrets()
                .inNamespace("shop")
                .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName("example-secret")
                        .endMetadata()
                        .addToData("other", "eA==")
                        .build())
                .create();
        assertThatThrownBy(() -> arguments
                        .read("shop", Map.of("secret-url", EXAMPLE_SECRET))
                        .await()
                        .indefinitely())
                .isInstanceOf(UnresolvableArgumentException.class)
                .hasMessage("key 'secretUrl' does not exist in secret 'example-secret'");
        assertThatThrownBy(() -> arguments
                        .read("shop", Map.of("app", new ValueFrom(null, new FieldRef("metadata.labels['app']"))))
                        .await()
                        .indefinitely())
                .isInstanceOf(UnresolvableArgumentException.class)
                .hasMessageStartingWith(
                        "argument \"app\" was not supplied (valueFrom.fieldRef metadata.labels['app'])");
    }

    @Test
    void aRunMeasuresInItsProjectsNamespaceUnlessMappedAndOnlyInAValidOne() {
        MeasuredNamespaces namespaces = new MeasuredNamespaces(config(Map.of("books", "books-verification"), null));
        assertThat(namespaces.of("books")).isEqualTo("books-verification");
        assertThat(namespaces.of("shop")).isEqualTo("shop");
        assertThat(new MeasuredNamespaces(config(Map.of(), "analysis")).of("shop"))
                .isEqualTo("analysis");
        for (String invalid : List.of("Shop", "shop_1", "-shop", "a".repeat(64), "shop/../kube-system")) {
            assertThatThrownBy(() -> namespaces.of(invalid))
                    .isInstanceOf(MeasurementException.class)
                    .hasMessageContaining("is not a Kubernetes namespace name");
        }
    }

    private static ClusterConfig config(Map<String, String> byProject, String everyProject) {
        return new ClusterConfig() {
            @Override
            public Map<String, String> namespaces() {
                return byProject;
            }

            @Override
            public Optional<String> namespace() {
                return Optional.ofNullable(everyProject);
            }
        };
    }
}
