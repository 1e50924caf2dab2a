package io.gitopsflow.spec.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline check of AnalysisTemplates: the shipped templates are clean with every provider's check in place (job
 * too), a bad setting says where, and a template defined twice in one folder is named as the service names it.
 */
class TemplateLintTest {

    @TempDir
    Path dir;

    @Test
    void theShippedTemplatesAndAnArgoJobTemplateHaveNoProblem() {
        Path shipped = Path.of("..", "deploy", "config", "analysis-templates");
        Path job = ArgoRolloutsCorpusTest.CORPUS.resolve("examples_cluster-analysis-templates--always-pass.yaml");

        assertThat(TemplateLint.check(shipped.resolve("success-rate-check.yaml")))
                .isEmpty();
        assertThat(TemplateLint.check(shipped.resolve("latency-check.yaml"))).isEmpty();
        assertThat(TemplateLint.check(job)).isEmpty();
    }

    @Test
    void aBadProviderSettingSaysFileLineAndField() throws IOException {
        Path file = Files.writeString(dir.resolve("web.yaml"), """
                kind: AnalysisTemplate
                apiVersion: argoproj.io/v1alpha1
                metadata: {name: web}
                spec:
                  metrics:
                    - name: ok
                      provider:
                        web:
                          url: http://checks.example.com/ok
                          method: DELETE
                """);

        assertThat(TemplateLint.check(file))
                .singleElement()
                .hasToString(
                        file + ":10:11: spec.metrics[0].provider.web.method: must be GET, POST or PUT, not DELETE");
    }

    @Test
    void aTemplateDefinedTwiceAmongTheFilesIsAProblem() throws IOException {
        String template = "kind: AnalysisTemplate\napiVersion: argoproj.io/v1alpha1\nmetadata: {name: twice}\n"
                + "spec: {metrics: [{name: ok, provider: {web: {url: 'http://x.example.com'}}}]}\n";
        Path first = Files.writeString(dir.resolve("a.yaml"), template);
        Path second = Files.writeString(dir.resolve("b.yaml"), template);

        Map<String, Path> folder = new LinkedHashMap<>();
        folder.put("a.yaml", first);
        folder.put("b.yaml", second);
        List<TemplateProblem> problems = TemplateLint.check(folder);

        assertThat(problems)
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("AnalysisTemplate/twice is defined twice"));
    }
}
