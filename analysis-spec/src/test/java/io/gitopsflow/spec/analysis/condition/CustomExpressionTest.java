package io.gitopsflow.spec.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomExpressionTest {

    static final Map<String, CustomExpression.Function> VERSION_OF =
            Map.of("versionOf", new CustomExpression.Function(1, 1, a -> Map.of("Version", "1." + a.get(0))));

    @Test
    void anExpressionCallsTheCallersFunctionsBesideTheBuiltIns() {
        CustomExpression expression = CustomExpression.parse("versionOf('2').Version == trim(' 1.2 ')", VERSION_OF);

        assertThat(expression.test(VERSION_OF)).isTrue();
    }

    @Test
    void anUnknownFunctionOrAWrongArityIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> CustomExpression.parse("other('x')", VERSION_OF))
                .isInstanceOf(ConditionException.class)
                .hasMessage("unknown function other (1:1)");
        assertThatThrownBy(() -> CustomExpression.parse("versionOf('x', 'y') != nil", VERSION_OF))
                .hasMessageContaining("too many arguments to call versionOf");
    }
}
