package io.gitopsflow.spec.analysis.condition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates Argo Rollouts {@code successCondition}/{@code failureCondition} text on a measured {@code result} the way
 * Argo does: in expr-lang (the language of argo-rollouts' utils/evaluate), with the environment Argo gives
 * ({@code result} and its functions {@code asInt}, {@code asFloat}, {@code isNaN}, {@code isInf}, {@code isNil},
 * {@code default}) and expr-lang's built-ins. The text is bounded ({@link ExpressionLimits}), parsed
 * ({@link ExprParser}) and checked ({@link ExprChecker}) when a template is read, so an unknown name, an unsupported
 * function or a type mismatch expr-lang would report is refused then, with its line and column; at run time
 * ({@link ExprInterpreter}) an error is an Error measurement, never false.
 */
public final class ConditionEvaluator {

    /** Names a condition sees (Argo's env); functions are looked up apart. */
    static final Set<String> CONDITION_NAMES = Set.of("result");

    /** Parsed conditions kept at most; the cache starts over past this. */
    static final int CACHE_SIZE = 512;

    private static final String HINT = " (conditions are Argo Rollouts expressions: no loops, assignments, variables,"
            + " 'new', lambdas or method calls)";

    private final Map<String, ExprNode> parsed = new ConcurrentHashMap<>();

    /** Checks that {@code condition} parses and would run; throws {@link ConditionException} naming what and where. */
    public void validate(String condition) {
        script(condition);
    }

    /** Evaluates {@code condition} with {@code result} bound; true or false, or {@link ConditionException}. */
    public boolean evaluate(String condition, Object result) {
        ExprNode script = script(condition);
        Object outcome;
        try {
            Object value = ExprValues.of(result);
            Map<String, Object> environment = new java.util.HashMap<>();
            environment.put("result", value);
            outcome = new ExprInterpreter(environment).evaluate(script);
        } catch (ConditionException e) {
            throw new ConditionException("cannot evaluate " + quote(condition) + ": " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ConditionException("cannot evaluate " + quote(condition) + ": " + e, e);
        }
        if (outcome instanceof Boolean bool) {
            return bool;
        }
        throw new ConditionException("condition " + quote(condition) + " returned " + ExprValues.typeName(outcome) + " "
                + ExprValues.goString(outcome) + ", not a boolean (expected bool)");
    }

    /**
     * The number an expression such as {@code now() - duration('10m')} gives (range query bounds): a time in seconds
     * since the epoch, or a plain number.
     */
    public double number(String expression) {
        Object outcome;
        try {
            ExprNode script = parse(expression, Set.of());
            outcome = new ExprInterpreter(Map.of()).evaluate(script);
        } catch (ConditionException e) {
            throw new ConditionException("cannot evaluate " + quote(expression) + ": " + e.getMessage(), e);
        }
        if (outcome instanceof ExprTime time) {
            return time.seconds();
        }
        if (outcome instanceof Number number) {
            return number.doubleValue();
        }
        throw new ConditionException(quote(expression) + " gives " + ExprValues.typeName(outcome) + ", not a time");
    }

    /** The text as a reason quotes it: at most 80 characters, so a reason never repeats a huge payload. */
    static String quote(String text) {
        return "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
    }

    private ExprNode script(String condition) {
        ExprNode cached = parsed.get(condition);
        if (cached != null) {
            return cached;
        }
        ExprNode node = parse(condition, CONDITION_NAMES);
        if (parsed.size() >= CACHE_SIZE) {
            parsed.clear();
        }
        parsed.put(condition, node);
        return node;
    }

    private static ExprNode parse(String text, Set<String> names) {
        ExprNode node;
        try {
            ExpressionLimits.check(text);
            node = ExprParser.parse(text);
        } catch (ExprSyntaxException e) {
            throw new ConditionException("condition " + quote(text) + " does not parse: " + e.located() + HINT, e);
        } catch (ConditionException e) {
            throw new ConditionException("condition " + quote(text) + " is refused: " + e.getMessage(), e);
        }
        try {
            ExprChecker.check(node, names);
        } catch (ExprSyntaxException e) {
            throw new ConditionException("condition " + quote(text) + " is refused: " + e.located(), e);
        }
        return node;
    }
}
