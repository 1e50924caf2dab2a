package io.gitopsflow.analysis.condition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * Evaluates Argo Rollouts {@code successCondition}/{@code failureCondition} text on a measured {@code result} with
 * Apache Commons JEXL (strict: an undefined name, a nil operand or an index out of range is an error, never false),
 * after {@link ArgoExpressions} rewrote expr-lang's {@code #} predicates into lambdas. Comparisons with NaN are false,
 * as in Go: JEXL would otherwise order NaN above every number and let {@code NaN >= 0.95} pass.
 */
public final class ConditionEvaluator {

    private final JexlEngine engine;
    private final Map<String, JexlScript> compiled = new ConcurrentHashMap<>();

    public ConditionEvaluator() {
        Map<String, Object> functions = new HashMap<>();
        functions.put(null, new ArgoFunctions()); // the null namespace: callable without a prefix, as in Argo
        this.engine = new JexlBuilder()
                .namespaces(functions)
                .permissions(JexlPermissions.RESTRICTED.compose("io.gitopsflow.analysis.condition.*"))
                .arithmetic(new GoArithmetic())
                .strict(true)
                .safe(false)
                .silent(false)
                .cache(256)
                .create();
    }

    /** Checks that {@code condition} parses; throws {@link ConditionException} naming what is wrong. */
    public void validate(String condition) {
        script(condition);
    }

    /** Evaluates {@code condition} with {@code result} bound; true or false, or {@link ConditionException}. */
    public boolean evaluate(String condition, Object result) {
        JexlScript script = script(condition);
        MapContext context = new MapContext();
        context.set("result", result);
        Object outcome;
        try {
            outcome = script.execute(context);
        } catch (JexlException e) {
            throw new ConditionException("cannot evaluate '" + condition + "': " + reason(e), e);
        } catch (ConditionException e) {
            throw new ConditionException("cannot evaluate '" + condition + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ConditionException("cannot evaluate '" + condition + "': " + e, e);
        }
        if (outcome instanceof Boolean bool) {
            return bool;
        }
        throw new ConditionException(
                "condition '" + condition + "' returned " + ArgoFunctions.describe(outcome) + ", not a boolean");
    }

    /** The number an expression such as {@code now() - duration('10m')} gives (range query bounds). */
    public double number(String expression) {
        Object outcome;
        try {
            outcome = script(expression).execute(new MapContext());
        } catch (JexlException e) {
            throw new ConditionException("cannot evaluate '" + expression + "': " + reason(e), e);
        } catch (ConditionException e) {
            throw new ConditionException("cannot evaluate '" + expression + "': " + e.getMessage(), e);
        }
        if (outcome instanceof Number number) {
            return number.doubleValue();
        }
        throw new ConditionException(
                "'" + expression + "' gives " + ArgoFunctions.describe(outcome) + ", not a number");
    }

    private JexlScript script(String condition) {
        return compiled.computeIfAbsent(condition, text -> {
            try {
                // `default` is a JEXL keyword: Argo's default(x, y) is called under another name
                String jexl = ArgoExpressions.toJexl(text).replaceAll("(?<![\\w.])default\\s*\\(", "argoDefault(");
                return engine.createScript(jexl);
            } catch (JexlException e) {
                throw new ConditionException("condition '" + text + "' does not parse: " + reason(e), e);
            }
        });
    }

    private static String reason(JexlException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ConditionException condition) {
            return condition.getMessage();
        }
        String message = e.getMessage();
        // JEXL prefixes the position inside its own text, which the user did not write
        int colon = message.indexOf(' ');
        return colon > 0 && message.startsWith("@") ? message.substring(colon + 1) : message;
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
