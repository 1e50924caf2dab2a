package io.gitopsflow.analysis.condition;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * Evaluates Argo Rollouts {@code successCondition}/{@code failureCondition} text on a measured {@code result} with
 * Apache Commons JEXL (strict: an undefined name, a nil operand or an index out of range is an error, never false),
 * after {@link ArgoExpressions} rewrote expr-lang's {@code #} predicates into lambdas. Comparisons with NaN are false,
 * as in Go: JEXL would otherwise order NaN above every number and let {@code NaN >= 0.95} pass. Only what expr-lang
 * can say is accepted ({@link #ARGO}: no loops, assignments, variables, {@code new}, lambdas, method calls, pragmas),
 * only {@link ArgoFunctions} is callable, and {@link ExpressionLimits} bounds the text before JEXL parses it.
 */
public final class ConditionEvaluator {

    /** What a condition may use: expressions over {@code result}, literals and the Argo functions; nothing else. */
    static final JexlFeatures ARGO = new JexlFeatures()
            .loops(false)
            .sideEffect(false)
            .sideEffectGlobal(false)
            .localVar(false)
            .newInstance(false)
            .lambda(false)
            .thinArrow(false)
            .fatArrow(false)
            .methodCall(false)
            .pragma(false)
            .pragmaAnywhere(false)
            .namespacePragma(false)
            .importPragma(false)
            .annotation(false)
            .register(false)
            .script(false);

    /** The interpreter's depth: far above any condition within {@link ExpressionLimits}, far below the stack's. */
    static final int MAX_EVALUATION_DEPTH = 512;

    /** A condition parsed: its expression and its predicates' expressions (of one parameter, {@code #}). */
    private record Compiled(JexlScript expression, Map<String, JexlScript> predicates) {}

    private final JexlEngine engine;

    public ConditionEvaluator() {
        Map<String, Object> functions = new HashMap<>();
        functions.put(null, new ArgoFunctions()); // the null namespace: callable without a prefix, as in Argo
        this.engine = new JexlBuilder()
                .features(ARGO)
                .namespaces(functions)
                .permissions(new JexlPermissions.ClassPermissions(ArgoFunctions.class))
                .arithmetic(new GoArithmetic())
                .strict(true)
                .safe(false)
                .silent(false)
                .stackOverflow(MAX_EVALUATION_DEPTH)
                .cache(256)
                .create();
    }

    /** Checks that {@code condition} parses; throws {@link ConditionException} naming what is wrong. */
    public void validate(String condition) {
        script(condition);
    }

    /** Evaluates {@code condition} with {@code result} bound; true or false, or {@link ConditionException}. */
    public boolean evaluate(String condition, Object result) {
        Compiled script = script(condition);
        MapContext context = context(script);
        context.set("result", result);
        Object outcome;
        try {
            outcome = script.expression().execute(context);
        } catch (JexlException e) {
            throw new ConditionException("cannot evaluate " + quote(condition) + ": " + reason(e), e);
        } catch (ConditionException e) {
            throw new ConditionException("cannot evaluate " + quote(condition) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ConditionException("cannot evaluate " + quote(condition) + ": " + e, e);
        }
        if (outcome instanceof Boolean bool) {
            return bool;
        }
        throw new ConditionException(
                "condition " + quote(condition) + " returned " + ArgoFunctions.describe(outcome) + ", not a boolean");
    }

    /** The number an expression such as {@code now() - duration('10m')} gives (range query bounds). */
    public double number(String expression) {
        Object outcome;
        try {
            Compiled script = script(expression);
            outcome = script.expression().execute(context(script));
        } catch (JexlException e) {
            throw new ConditionException("cannot evaluate " + quote(expression) + ": " + reason(e), e);
        } catch (ConditionException e) {
            throw new ConditionException("cannot evaluate " + quote(expression) + ": " + e.getMessage(), e);
        }
        if (outcome instanceof Number number) {
            return number.doubleValue();
        }
        throw new ConditionException(
                quote(expression) + " gives " + ArgoFunctions.describe(outcome) + ", not a number");
    }

    /** The text as a reason quotes it: at most 80 characters, so a reason never repeats a huge payload. */
    static String quote(String text) {
        return "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
    }

    /**
     * The variables of one evaluation; JEXL makes it the thread's context while it runs, so a predicate that
     * {@link ArgoFunctions} runs sees {@code result} and the predicates nested in it.
     */
    private static final class EvaluationContext extends MapContext implements JexlContext.ThreadLocal {}

    private static MapContext context(Compiled script) {
        MapContext context = new EvaluationContext();
        script.predicates().forEach(context::set);
        return context;
    }

    /** Parses a condition (JEXL caches the parsed text): the limits first, then the rewrite, then JEXL's parser. */
    private Compiled script(String condition) {
        try {
            ExpressionLimits.check(condition);
            ArgoExpressions.Translation translation = ArgoExpressions.translate(condition);
            Map<String, JexlScript> predicates = new LinkedHashMap<>();
            translation
                    .predicates()
                    .forEach((name, body) ->
                            predicates.put(name, engine.createScript(ARGO, null, jexl(body), ArgoExpressions.ELEMENT)));
            return new Compiled(engine.createScript(jexl(translation.expression())), Map.copyOf(predicates));
        } catch (JexlException e) {
            throw new ConditionException(
                    "condition " + quote(condition) + " does not parse: " + reason(e) + hint(e), e);
        } catch (ConditionException e) {
            throw new ConditionException("condition " + quote(condition) + " is refused: " + e.getMessage(), e);
        }
    }

    /** {@code default} is a JEXL keyword: Argo's default(x, y) is called under another name. */
    private static String jexl(String text) {
        return text.replaceAll("(?<![\\w.])default\\s*\\(", "argoDefault(");
    }

    private static String hint(JexlException e) {
        return e instanceof JexlException.Feature
                ? " (conditions are Argo Rollouts expressions: no loops, assignments, variables, 'new', lambdas or"
                        + " method calls)"
                : "";
    }

    private static String reason(JexlException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ConditionException condition) {
            return condition.getMessage();
        }
        // JEXL prefixes the caller's class and the position inside its own (rewritten) text, which the user did not
        // write
        return e.getMessage().replaceFirst("^\\S*@\\d+(:\\d+)?\\s+", "");
    }

    /** JEXL arithmetic with Go's float comparisons: NaN is neither less, greater nor equal to anything. */
    static final class GoArithmetic extends JexlArithmetic {

        GoArithmetic() {
            super(true);
        }

        @Override
        public boolean lessThan(Object left, Object right) {
            return !isNaN(left) && !isNaN(right) && super.lessThan(left, right);
        }

        @Override
        public boolean greaterThan(Object left, Object right) {
            return !isNaN(left) && !isNaN(right) && super.greaterThan(left, right);
        }

        @Override
        public boolean lessThanOrEqual(Object left, Object right) {
            return !isNaN(left) && !isNaN(right) && super.lessThanOrEqual(left, right);
        }

        @Override
        public boolean greaterThanOrEqual(Object left, Object right) {
            return !isNaN(left) && !isNaN(right) && super.greaterThanOrEqual(left, right);
        }

        @Override
        public boolean equals(Object left, Object right) {
            return !isNaN(left) && !isNaN(right) && super.equals(left, right);
        }

        private static boolean isNaN(Object value) {
            return (value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN());
        }
    }
}
