package io.gitopsflow.spec.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** expr-lang's semantics, edge by edge, as github.com/expr-lang/expr v1.17 (the version Argo Rollouts uses) has them. */
class ExprSemanticsTest {

    private final ConditionEvaluator conditions = new ConditionEvaluator();

    @Test
    void equalityNeverConvertsBetweenTypes() {
        assertThat(conditions.evaluate("result == 'true'", true)).isFalse();
        assertThat(conditions.evaluate("result == true", true)).isTrue();
        assertThat(conditions.evaluate("result.major == '1'", Map.of("major", 1.0)))
                .isFalse();
        assertThat(conditions.evaluate("result.major == '1'", Map.of("major", "1")))
                .isTrue();
        assertThat(conditions.evaluate("result == 1", 1.0)).isTrue();
        assertThat(conditions.evaluate("result != '1'", 1L)).isTrue();
        assertThat(conditions.evaluate("result == nil", null)).isTrue();
        assertThat(conditions.evaluate("result == [1, 2.0]", List.of(1.0, 2L))).isTrue();
    }

    @Test
    void aTypeMismatchTheCheckerSeesIsRefusedWithItsPosition() {
        // argo-rollouts utils/evaluate/evaluate_test.go TestEvaluateAsFloatError
        assertThatThrownBy(() -> conditions.validate("asFloat(result) == \"1.1\""))
                .hasMessageContaining("invalid operation: == (mismatched types float64 and string) (1:17)");
        assertThatThrownBy(() -> conditions.evaluate("result < '5'", 4.0))
                .hasMessageContaining("mismatched types float64 and string");
    }

    @Test
    void aggregatesFollowExprLang() {
        assertThat(conditions.evaluate("max(result) < 0.05", List.of(0.01, 0.04)))
                .isTrue();
        assertThat(conditions.evaluate("max(result) == 3", List.of(1L, 3L, 2.5)))
                .isTrue();
        assertThat(conditions.evaluate("min(result) == 1 && max(1, 7, 3) == 7", List.of(1.0, 2.0)))
                .isTrue();
        assertThat(conditions.evaluate("max(result) == nil", List.of())).isTrue();
        assertThat(conditions.evaluate("mean(result) == 2.0 && median(result) == 2", List.of(1.0, 2.0, 3.0)))
                .isTrue();
        assertThat(conditions.evaluate("mean(result) == 0.0 && median(result) == 0", List.of()))
                .isTrue();
        assertThat(conditions.evaluate("sum(result) == 6 && sum(result, # * 2) == 12", List.of(1L, 2L, 3L)))
                .isTrue();
        assertThat(conditions.evaluate("sum(result) == 0", List.of())).isTrue();
        assertThat(conditions.evaluate("first(result) == nil && last(result) == nil", List.of()))
                .isTrue();
        assertThat(conditions.evaluate("first(result) == 1 && last(result) == 3", List.of(1.0, 2.0, 3.0)))
                .isTrue();
        assertThatThrownBy(() -> conditions.evaluate("max(result) < 1", List.of("a")))
                .hasMessageContaining("invalid argument for max (type string)");
        assertThatThrownBy(() -> conditions.evaluate("max(result) < 1", List.of()))
                .hasMessageContaining("mismatched types <nil> and int");
    }

    @Test
    void numbersAndConversions() {
        assertThat(conditions.evaluate("7 / 2 == 3.5 && 7 % 2 == 1 && 2 ** 3 == 8", 0))
                .isTrue();
        assertThat(conditions.evaluate("abs(-2) == 2 && ceil(1.2) == 2 && floor(1.8) == 1", 0))
                .isTrue();
        assertThat(conditions.evaluate("round(2.5) == 3 && round(-2.5) == -3 && int(2.9) == 2", 0))
                .isTrue();
        assertThat(conditions.evaluate("float('1.5') == 1.5 && int('42') == 42", 0))
                .isTrue();
        assertThat(conditions.evaluate("string(result) == '1'", 1.0)).isTrue();
        assertThat(conditions.evaluate("string(result) == '0.25'", 0.25)).isTrue();
        assertThat(conditions.evaluate("string(result) == '1e+21'", 1e21)).isTrue();
        assertThat(conditions.evaluate("string(result) == '[1 2]'", List.of(1L, 2L)))
                .isTrue();
        assertThat(conditions.evaluate("isNaN(result) || result >= 0.95", Double.NaN))
                .isTrue();
        assertThat(conditions.evaluate("isInf(result)", Double.NEGATIVE_INFINITY))
                .isTrue();
        assertThatThrownBy(() -> conditions.evaluate("result % 2 == 0", 4.0))
                .hasMessageContaining("invalid operation: %");
        assertThatThrownBy(() -> conditions.evaluate("asInt(result) == 1", "1.1"))
                .hasMessageContaining("strconv.ParseInt: parsing \"1.1\": invalid syntax");
        assertThatThrownBy(() -> conditions.evaluate("asFloat(result) == 1.1", "NotANum"))
                .hasMessageContaining("strconv.ParseFloat: parsing \"NotANum\": invalid syntax");
    }

    @Test
    void stringOperatorsAndMembership() {
        assertThat(conditions.evaluate(
                        "result contains 'OK' && result startsWith 'I' && result endsWith 'OK'", "I am OK"))
                .isTrue();
        assertThat(conditions.evaluate("result matches '^v[0-9]+'", "v12-rc")).isTrue();
        assertThat(conditions.evaluate("result not matches 'rc$'", "v12-rc")).isFalse();
        assertThat(conditions.evaluate("2 in result && 5 not in result", List.of(2.0, 2.0)))
                .isTrue();
        assertThat(conditions.evaluate("'ok' in result", Map.of("ok", true))).isTrue();
        assertThat(conditions.evaluate("len('héllo') == 5 && upper('a') == 'A'", 0))
                .isTrue();
        assertThatThrownBy(() -> conditions.evaluate("result contains 1", "a1"))
                .hasMessageContaining("mismatched types string and int");
    }

    @Test
    void nilMembersTernaryAndCoalesce() {
        Map<String, Object> body = Map.of("ok", true);
        assertThat(conditions.evaluate("result.missing == nil", body)).isTrue();
        assertThat(conditions.evaluate("(result.missing ?? 5) == 5", body)).isTrue();
        assertThat(conditions.evaluate("result?.a?.b == nil", body)).isTrue();
        assertThat(conditions.evaluate("(result.ok ? 1 : 2) == 1", body)).isTrue();
        assertThat(conditions.evaluate("result[-1] == 3 && result[1:] == [2, 3]", List.of(1L, 2L, 3L)))
                .isTrue();
        assertThat(conditions.evaluate("1 < result < 3", 2L)).isTrue();
        assertThat(conditions.evaluate("result | all(# > 0)", List.of(1L))).isTrue();
        assertThatThrownBy(() -> conditions.evaluate("result.a.b == nil", body))
                .hasMessageContaining("cannot fetch b from <nil>");
        assertThatThrownBy(() -> conditions.evaluate("result[0] >= 0.95", List.of()))
                .hasMessageContaining("index out of range: 0 (array length is 0)");
        assertThatThrownBy(() -> conditions.evaluate("result.ok && 1", body)).hasMessageContaining("bool");
    }

    @Test
    void predicatesWithElementIndexAndFieldShorthand() {
        List<Object> values = List.of(Map.of("value", "9950"), Map.of("value", "9990"));
        assertThat(conditions.evaluate("all(result, {asFloat(.value) >= 9900})", values))
                .isTrue();
        assertThat(conditions.evaluate("one(result, #.value == '9950')", values))
                .isTrue();
        assertThat(conditions.evaluate("findIndex(result, .value == '9990') == 1", values))
                .isTrue();
        assertThat(conditions.evaluate("find(result, .value == 'x') == nil", values))
                .isTrue();
        assertThat(conditions.evaluate("map(result, #index) == [0, 1]", values)).isTrue();
        assertThat(conditions.evaluate("count([true, false, true]) == 2", 0)).isTrue();
        assertThat(conditions.evaluate("all([], # > 1) && !any([], # > 1) && none([], # > 1)", 0))
                .isTrue();
        assertThatThrownBy(() -> conditions.evaluate("all(result, # < 1)", (Object) null))
                .hasMessageContaining("invalid argument for len (type <nil>)");
    }

    @Test
    void argosOwnFunctionsLookAtTheResult() {
        // utils/evaluate: default and isNil ignore their first argument and look at result
        assertThat(conditions.evaluate("default(result, 0) < 5", null)).isTrue();
        assertThat(conditions.evaluate("default(result, 0) < 5", 3.0)).isTrue();
        assertThat(conditions.evaluate("isNil(1)", null)).isTrue();
        assertThatThrownBy(() -> conditions.evaluate("default(result, 0) < 5", List.of()))
                .hasMessageContaining("mismatched types []interface {} and int");
    }

    @Test
    void whatIsNotSupportedIsRefusedWithTheFunctionAndItsPosition() {
        assertThatThrownBy(() -> conditions.validate("result > 0 &&\n  groupBy(result, #) != nil"))
                .hasMessageContaining("function groupBy (an expr-lang built-in) is not supported")
                .hasMessageContaining("(2:3)");
        assertThatThrownBy(() -> conditions.validate("percentile(result, 95) < 1"))
                .hasMessageContaining("unknown function percentile (1:1)");
        assertThatThrownBy(() -> conditions.validate("isNaN(result, 1)"))
                .hasMessageContaining("too many arguments to call isNaN (1:1)");
        assertThatThrownBy(() -> conditions.validate("results[0] >= 90.000000"))
                .hasMessageContaining("unknown name results (1:1)");
        assertThatThrownBy(() -> conditions.validate("result.Name() == 'hi'"))
                .hasMessageContaining("method calls are not supported");
    }

    @Test
    void aResultNeverReachesJavaTypes() {
        assertThat(conditions.evaluate("len(result) == 3", Arrays.asList(1, 2, 3)))
                .isTrue();
        assertThat(conditions.evaluate("result == 3", 3)).isTrue();
        assertThat(conditions.evaluate("result == 3.5", new java.math.BigDecimal("3.5")))
                .isTrue();
    }
}
