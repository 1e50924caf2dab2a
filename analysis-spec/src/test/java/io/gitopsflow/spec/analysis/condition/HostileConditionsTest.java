package io.gitopsflow.spec.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, finding 7: a condition is what Argo Rollouts' expression language can say — loops, assignments, variables,
 * {@code new}, lambdas and method calls are refused when the template is read — and deep or long text is refused
 * before JEXL's recursive parser sees it (3,000 nested parentheses overflowed the stack).
 */
class HostileConditionsTest {

    private final ConditionEvaluator conditions = new ConditionEvaluator();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "while(true){}",
                "while (true) { result }",
                "for (x : result) { x }",
                "do { result } while (true)",
                "result = 1",
                "x = 1; result",
                "var x = 1; x > 0",
                "let x = 1; x > 0",
                "result++ > 0",
                "new('java.lang.StringBuilder') != null",
                "((x) -> x)(1) == 1",
                "(x => x)(1) == 1",
                "function(x) { x }(1) == 1",
                "result.size() == 1",
                "'a'.length() == 1",
                "#pragma jexl.namespace.x java.lang.Runtime\\n result",
                "@synchronized(result) { result }",
            })
    void whatArgoCannotSayIsRefusedWhenTheTemplateIsRead(String condition) {
        assertThatThrownBy(() -> conditions.validate(condition))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining(condition.length() > 20 ? condition.substring(0, 20) : condition);
    }

    @Test
    void aLoopIsRefusedNamingWhatConditionsMayUse() {
        assertThatThrownBy(() -> conditions.validate("while(true){}"))
                .hasMessageContaining("does not parse")
                .hasMessageContaining("no loops, assignments")
                .hasMessageNotContaining("ConditionEvaluator");
    }

    @Test
    void threeThousandNestedParenthesesAreRefusedBeforeParsing() {
        String deep = "(".repeat(3000) + "result" + ")".repeat(3000) + " > 0";
        assertThatThrownBy(() -> conditions.validate(deep))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("deeper than " + ExpressionLimits.MAX_DEPTH);
        String nested = "(".repeat(400) + "result" + ")".repeat(400) + " > 0";
        assertThatThrownBy(() -> conditions.evaluate(nested, 1)).isInstanceOf(ConditionException.class);
        String brackets = "[".repeat(600) + "]".repeat(600) + " == result";
        assertThatThrownBy(() -> conditions.validate(brackets)).hasMessageContaining("deeper than");
    }

    @Test
    void longRunsOfOperatorsAndOverlongTextAreRefused() {
        assertThatThrownBy(() -> conditions.validate("!".repeat(3000) + "true"))
                .hasMessageContaining("operators in a row");
        assertThatThrownBy(() -> conditions.validate("result > 0 && ".repeat(500) + "true"))
                .hasMessageContaining("more than the " + ExpressionLimits.MAX_LENGTH + " allowed");
        assertThatThrownBy(() -> conditions.validate("- - - - - - - - - - result > 0"))
                .hasMessageContaining("operators in a row");
    }

    @Test
    void conditionsArgoTemplatesUseStillWork() {
        assertThat(conditions.evaluate("all(result, # < 500) && any(result, {# > 100})", List.of(200.0, 300.0)))
                .isTrue();
        assertThat(conditions.evaluate("all(result, any(#, # > 1))", List.of(List.of(1, 2), List.of(3))))
                .isTrue();
        assertThat(conditions.evaluate("all(result, all(#, # > 1))", List.of(List.of(1, 2), List.of(3))))
                .isFalse();
        assertThat(conditions.evaluate("len(filter(result, # != 'x')) == 2", List.of("a", "x", "b")))
                .isTrue();
        assertThat(conditions.evaluate("[1, 2][1] == result[0] && {'a': 1}['a'] == 1", List.of(2)))
                .isTrue();
        assertThat(conditions.evaluate("!(result[0] > 1) || -result[0] < 0 && result[0] != 0", List.of(2)))
                .isTrue();
        assertThat(conditions.evaluate("'((' == result && ')' != result", "((")).isTrue();
        // a larger but legitimate condition: 30 nested levels are within the limits
        String thirty = "(".repeat(30) + "result" + ")".repeat(30) + " > 0";
        assertThat(conditions.evaluate(thirty, 1)).isTrue();
    }

    @Test
    void aPredicateOverAHugeRangeIsRefusedNotWalked() {
        assertThatThrownBy(() -> conditions.evaluate("all(1..2000000000, # > 0)", 1))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("at most " + ArgoFunctions.MAX_ELEMENTS);
    }

    @Test
    void predicatesAreNotAWayToCallJava() {
        assertThatThrownBy(() -> conditions.evaluate("all(result, #.getClass() != null)", List.of(1)))
                .isInstanceOf(ConditionException.class);
        assertThatThrownBy(() ->
                        conditions.evaluate("all(result, #.class.forName('java.lang.Runtime') != null)", List.of(1)))
                .isInstanceOf(ConditionException.class);
    }
}
