package io.gitopsflow.spec.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.provider.PrometheusSettings;
import io.gitopsflow.spec.analysis.provider.ProviderCheck;
import io.gitopsflow.spec.analysis.provider.WebSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 7: template YAML nested 20,000 deep (a StackOverflowError in snakeyaml-engine's composer, a 500
 * at {@code /analysis-templates/validate}), alias bombs, oversized text and conditions Argo cannot express are each a
 * problem with file, line and reason.
 */
class HostileTemplatesTest {

    private final TemplateParser parser = new TemplateParser(
            Map.<String, ProviderCheck>of(
                    "prometheus", new PrometheusSettings(new ConditionEvaluator()), "web", new WebSettings()),
            new ConditionEvaluator());

    static String template(String condition) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: hostile
                spec:
                  metrics:
                    - name: m
                      successCondition: %s
                      provider:
                        web:
                          url: http://h/
                """.formatted(condition);
    }

    private List<TemplateProblem> problems(String yaml) {
        try {
            parser.parse("hostile.yaml", yaml);
        } catch (InvalidTemplateException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems");
    }

    @Test
    void aSequenceNestedTwentyThousandDeepIsRefusedWithWhere() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        assertThat(problems(deep)).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("hostile.yaml");
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.column()).isEqualTo(YamlLimits.MAX_DEPTH + 1);
            assertThat(problem.message())
                    .isEqualTo("not valid YAML: mappings and lists are nested deeper than 64 levels");
        });
        StringBuilder block = new StringBuilder("spec:\n");
        for (int i = 0; i < 5_000; i++) {
            block.append(" ".repeat(i + 1)).append("- \n");
        }
        assertThat(problems(block.toString()))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("nested deeper than"));
    }

    @Test
    void aDeeplyNestedProviderSettingIsRefused() {
        String yaml = template("result > 0")
                .replace(
                        "url: http://h/",
                        "url: http://h/\n          jsonBody: " + "{a: ".repeat(100) + "1" + "}".repeat(100));
        assertThat(problems(yaml))
                .extracting(TemplateProblem::message)
                .anySatisfy(m -> assertThat(m).contains("nested deeper than"));
    }

    @Test
    void anAliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        assertThat(problems(yaml.toString()))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message())
                        .startsWith("not valid YAML")
                        .containsIgnoringCase("alias"));
    }

    @Test
    void textOverTheCodePointLimitIsRefused() {
        String huge = "# " + "x".repeat(YamlLimits.MAX_CODE_POINTS) + "\n" + template("result > 0");
        assertThat(problems(huge))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message())
                        .startsWith("not valid YAML")
                        .contains("code points"));
    }

    @Test
    void threeThousandNestedParenthesesInAConditionAreAProblemOnItsLine() {
        String condition = "(".repeat(3000) + "result" + ")".repeat(3000) + " > 0";
        assertThat(problems(template("\"" + condition + "\""))).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.path()).isEqualTo("spec.metrics[0].successCondition");
            assertThat(problem.message()).contains("deeper than 32 levels");
        });
    }

    @Test
    void aLoopInAConditionIsAProblem() {
        assertThat(problems(template("\"while(true){}\""))).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("spec.metrics[0].successCondition");
            assertThat(problem.message()).contains("loop");
        });
        assertThat(problems(template("\"result = 1\"")))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("does not parse"));
    }

    @Test
    void anOrdinaryTemplateStillReads() {
        assertThat(parser.parse("ok.yaml", template("\"all(result, # < 500)\"")))
                .hasSize(1);
        assertThatThrownBy(() -> parser.parse("x.yaml", "")).isInstanceOf(InvalidTemplateException.class);
    }
}
