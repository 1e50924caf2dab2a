package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PipelineParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample pipelines are what promotion-service reads (its parser), and the sample AnalysisTemplates share one
 * skeleton; each provider must land indented under {@code provider:}.
 */
class SamplePipelineTest {

    private static final String GITOPS = "http://127.0.0.1:1/acme/gitops.git";

    @Test
    void theSamplePipelineParsesWithThreeStages() {
        List<Pipeline> pipelines =
                PipelineParser.parse("books.yaml", SamplePipeline.pipeline(SampleApp.BOOKS, "127.0.0.1:5000", GITOPS));
        assertThat(pipelines)
                .singleElement()
                .satisfies(p ->
                        assertThat(p.stages()).extracting(s -> s.name()).containsExactly("dev", "staging", "prod"));
    }

    @Test
    void theReleasePipelineFollowsTheImageAndTheChartOfOneReleaseAndWritesBoth() {
        List<Pipeline> pipelines =
                PipelineParser.parse("books-release.yaml", SamplePipeline.releasePipeline("127.0.0.1:5000", GITOPS));
        assertThat(pipelines).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("books-release");
            assertThat(p.stages())
                    .singleElement()
                    .satisfies(release -> assertThat(release.targets())
                            .extracting(t -> t.target().kind())
                            .containsExactly(
                                    GitOpsTarget.EditKind.ARGOCD_TARGET_REVISION, GitOpsTarget.EditKind.HELM_VALUES));
        });
    }

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
