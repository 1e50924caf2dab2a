package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sample AnalysisTemplates share one skeleton; each provider must land indented under {@code provider:}. */
class SamplePipelineTest {

    @Test
    void thePrometheusProviderSitsUnderTheMetricsProvider() {
        assertThat(SamplePipeline.prometheusTemplate("http://127.0.0.1:9090"))
                .startsWith("apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\n")
                .contains("      successCondition: result[0] >= 0.95\n")
                .contains("      provider:\n        prometheus:\n          address: http://127.0.0.1:9090\n")
                .endsWith("            sum(rate(http_requests_total{app=\"books-api\"}[10s]))\n");
    }

    @Test
    void theWebProviderSitsUnderTheMetricsProvider() {
        assertThat(SamplePipeline.webTemplate("http://127.0.0.1:1234/status"))
                .contains("  name: " + SamplePipeline.TEMPLATE + "\n")
                .contains("      successCondition: result >= 0.95\n")
                .endsWith("      provider:\n        web:\n          url: http://127.0.0.1:1234/status\n"
                        + "          jsonPath: \"{$.successRate}\"\n");
    }
}
