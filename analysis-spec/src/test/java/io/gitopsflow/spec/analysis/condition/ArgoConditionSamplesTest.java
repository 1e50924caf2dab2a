package io.gitopsflow.spec.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every condition of argo-rollouts' docs, examples and e2e templates, and the cases of its utils/evaluate tests
 * (src/test/resources/expr-samples/conditions.tsv, sources in SOURCE.md), evaluated on the value Argo's provider gives
 * for the documented payload: the outcome must be Argo's.
 */
class ArgoConditionSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConditionEvaluator conditions = new ConditionEvaluator();

    record Sample(String source, String expression, Object result, String expected) {}

    @Test
    void everySampleEvaluatesAsInArgo() throws IOException {
        List<Sample> samples = samples();
        List<String> different = new ArrayList<>();
        for (Sample sample : samples) {
            String outcome = outcome(sample);
            if (!outcome.equals(sample.expected())) {
                different.add(sample.source() + " " + sample.expression() + " on " + sample.result() + ": " + outcome
                        + ", Argo: " + sample.expected());
            }
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(69);
        assertThat(different).isEmpty();
    }

    private String outcome(Sample sample) {
        try {
            conditions.validate(sample.expression());
        } catch (ConditionException e) {
            return "refused";
        }
        try {
            return String.valueOf(conditions.evaluate(sample.expression(), sample.result()));
        } catch (ConditionException e) {
            return "error";
        }
    }

    static List<Sample> samples() throws IOException {
        List<Sample> samples = new ArrayList<>();
        try (InputStream in = ArgoConditionSamplesTest.class.getResourceAsStream("/expr-samples/conditions.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] cells = lines[i].split("\t");
                samples.add(new Sample(cells[0], cells[1], value(cells[2]), cells[3].trim()));
            }
        }
        return samples;
    }

    private static Object value(String json) throws IOException {
        return switch (json) {
            case "NaN" -> Double.NaN;
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> JSON.readValue(json, Object.class);
        };
    }
}
