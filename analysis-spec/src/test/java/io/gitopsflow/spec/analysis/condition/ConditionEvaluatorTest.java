package io.gitopsflow.spec.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conditions Argo Rollouts templates use, evaluated on plain values. */
class ConditionEvaluatorTest {

    private final ConditionEvaluator conditions = new ConditionEvaluator();

    @Test
    void comparesTheFirstElementOfAVector() {
        assertThat(conditions.evaluate("result[0] >= 0.95", List.of(0.97))).isTrue();
        assertThat(conditions.evaluate("result[0] >= 0.95", List.of(0.90))).isFalse();
        assertThat(conditions.evaluate("result[0] <= 500", List.of(320.0))).isTrue();
        assertThat(conditions.evaluate("result < 2000", 12)).isTrue();
    }

    @Test
    void lenIsNaNIsInfAndNil() {
        assertThat(conditions.evaluate("len(result) == 0", List.of())).isTrue();
        assertThat(conditions.evaluate("len(result) == 0", List.of(1.0))).isFalse();
        assertThat(conditions.evaluate("isNaN(result[0])", List.of(Double.NaN))).isTrue();
        assertThat(conditions.evaluate("isInf(result[0])", List.of(Double.POSITIVE_INFINITY)))
                .isTrue();
        assertThat(conditions.evaluate("isInf(result[0], -1)", List.of(Double.POSITIVE_INFINITY)))
                .isFalse();
        assertThat(conditions.evaluate("isNil(result)", null)).isTrue();
    }

    @Test
    void nanComparesFalseAsInGo() {
        assertThat(conditions.evaluate("result[0] >= 0.95", List.of(Double.NaN)))
                .isFalse();
        assertThat(conditions.evaluate("result[0] < 0.95", List.of(Double.NaN))).isFalse();
        assertThat(conditions.evaluate("result[0] == result[0]", List.of(Double.NaN)))
                .isFalse();
    }

    @Test
    void conversionsAndDefault() {
        assertThat(conditions.evaluate("asInt(result) == 42", "42")).isTrue();
        assertThat(conditions.evaluate("asFloat(result) > 0.5", "0.75")).isTrue();
        assertThat(conditions.evaluate("default(result, 7) == 7", null)).isTrue();
        assertThat(conditions.evaluate("default(result, 7) == 3", 3)).isTrue();
        assertThatThrownBy(() -> conditions.evaluate("asInt(result) == 1", "one"))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("not an integer");
    }

    @Test
    void predicatesWithTheElementMark() {
        assertThat(conditions.evaluate("all(result, # < 500)", List.of(100.0, 499.0)))
                .isTrue();
        assertThat(conditions.evaluate("all(result, # < 500)", List.of(100.0, 501.0)))
                .isFalse();
        assertThat(conditions.evaluate("any(result, {# > 0.5})", List.of(0.1, 0.6)))
                .isTrue();
        assertThat(conditions.evaluate("none(result, # > 0.5)", List.of(0.1, 0.2)))
                .isTrue();
        assertThat(conditions.evaluate("count(result, # == 'ok') == 2", List.of("ok", "ok", "no")))
                .isTrue();
        assertThat(conditions.evaluate("len(filter(result, # > 1)) == 1", List.of(1, 2)))
                .isTrue();
        assertThat(conditions.evaluate("all(result, #.code == 200)", List.of(Map.of("code", 200))))
                .isTrue();
    }

    @Test
    void booleanOperators() {
        assertThat(conditions.evaluate("result[0] > 1 && result[1] < 1", List.of(2, 0)))
                .isTrue();
        assertThat(conditions.evaluate("result[0] > 5 || result[1] < 1", List.of(2, 0)))
                .isTrue();
        assertThat(conditions.evaluate("!(result[0] > 1)", List.of(2))).isFalse();
        assertThat(conditions.evaluate("not (result[0] > 1) or result[0] == 2", List.of(2)))
                .isTrue();
        assertThat(conditions.evaluate("result.ok == true && result.rate > 0.9", Map.of("ok", true, "rate", 0.95)))
                .isTrue();
    }

    @Test
    void anEmptyVectorIndexedOrAnUndefinedNameIsAnErrorNotFalse() {
        assertThatThrownBy(() -> conditions.evaluate("result[0] >= 0.95", List.of()))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("result[0] >= 0.95");
        assertThatThrownBy(() -> conditions.evaluate("reslt[0] >= 0.95", List.of(1.0)))
                .isInstanceOf(ConditionException.class);
        assertThatThrownBy(() -> conditions.evaluate("result[0] + 1", List.of(1.0)))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("not a boolean");
    }

    @Test
    void aConditionThatDoesNotParseSaysSo() {
        assertThatThrownBy(() -> conditions.validate("result[0] >= "))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("does not parse");
        assertThatThrownBy(() -> conditions.validate("all(result, # < 5"))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("unbalanced");
    }

    @Test
    void noJavaReachableFromATemplate() {
        assertThatThrownBy(() -> conditions.evaluate("''.getClass().forName('java.lang.Runtime') != null", 1))
                .isInstanceOf(ConditionException.class);
    }
}
