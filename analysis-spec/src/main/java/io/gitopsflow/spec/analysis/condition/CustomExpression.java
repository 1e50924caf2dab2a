package io.gitopsflow.spec.analysis.condition;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An expr-lang expression that calls functions its caller defines besides expr-lang's built-ins, for formats other
 * than Argo's conditions that are written in the same language (Kargo's {@code freightCreationCriteria}: {@code
 * imageFrom('repo').Tag == chartFrom('repo').Version}). Bounded, parsed and checked once, with the line and column of
 * a refusal; evaluated as often as needed with the functions' bodies of the moment.
 */
public final class CustomExpression {

    /**
     * A function the expression may call: how many arguments it takes and its body over the evaluated arguments
     * (strings, {@code Long}s, {@code Double}s, booleans, lists and maps); a {@link ConditionException} from the body
     * is the evaluation's error.
     */
    public record Function(
            int minArguments, int maxArguments, java.util.function.Function<List<Object>, Object> body) {}

    private final String text;
    private final ExprNode node;

    private CustomExpression(String text, ExprNode node) {
        this.text = text;
        this.node = node;
    }

    /**
     * Parses and checks {@code text}, which may call {@code functions} (only their arities are looked at here) and no
     * names; throws {@link ConditionException} saying what is wrong and where ({@code (line:column)} in the text).
     */
    public static CustomExpression parse(String text, Map<String, Function> functions) {
        ExprNode node;
        try {
            ExpressionLimits.check(text);
            node = ExprParser.parse(text);
            ExprChecker.check(node, Set.of(), functions);
        } catch (ExprSyntaxException e) {
            throw new ConditionException(e.located(), e);
        }
        return new CustomExpression(text, node);
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /** Evaluates the expression with {@code functions}; true or false, or {@link ConditionException}. */
    public boolean test(Map<String, Function> functions) {
        Object outcome;
        try {
            outcome = new ExprInterpreter(Map.of(), functions).evaluate(node);
        } catch (ConditionException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new ConditionException(e.toString(), e);
        }
        if (outcome instanceof Boolean bool) {
            return bool;
        }
        throw new ConditionException(
                "returned " + ExprValues.typeName(outcome) + " " + ExprValues.goString(outcome) + ", not a boolean");
    }
}
