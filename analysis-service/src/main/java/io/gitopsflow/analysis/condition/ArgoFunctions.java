package io.gitopsflow.analysis.condition;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlScript;

/**
 * The functions Argo Rollouts conditions call, as top-level JEXL functions: expr-lang's built-ins that templates use
 * ({@code len}, {@code all}, {@code any}, {@code none}, {@code one}, {@code filter}, {@code map}, {@code count}) and
 * the ones Argo adds ({@code isNaN}, {@code isInf}, {@code isNil}, {@code asInt}, {@code asFloat}, {@code default}).
 */
public final class ArgoFunctions {

    /** Elements a predicate function walks at most: a range such as {@code 1..2000000000} is refused, not walked. */
    static final int MAX_ELEMENTS = 100_000;

    /** Now, in seconds since the epoch: range queries' {@code now() - duration('10m')}. */
    public double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** A Go duration in seconds, e.g. {@code duration('10m')} is 600. */
    public double duration(String text) {
        try {
            return io.gitopsflow.analysis.template.Durations.parse(text).toMillis() / 1000.0;
        } catch (IllegalArgumentException e) {
            throw new ConditionException(e.getMessage());
        }
    }

    /** Number of elements of a list, array, map or string. */
    public int len(Object value) {
        if (value == null) {
            throw new ConditionException("len() of nil");
        }
        if (value instanceof Collection<?> collection) {
            return collection.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        if (value instanceof CharSequence text) {
            return text.length();
        }
        if (value.getClass().isArray()) {
            return Array.getLength(value);
        }
        throw new ConditionException("len() of " + describe(value));
    }

    public boolean isNaN(Object value) {
        return Double.isNaN(number(value, "isNaN"));
    }

    public boolean isInf(Object value) {
        return Double.isInfinite(number(value, "isInf"));
    }

    /** Argo's {@code isInf(x, sign)}: sign > 0 asks for +Inf, sign < 0 for -Inf, 0 for either. */
    public boolean isInf(Object value, Object sign) {
        double x = number(value, "isInf");
        double s = number(sign, "isInf");
        return s > 0 ? x == Double.POSITIVE_INFINITY : s < 0 ? x == Double.NEGATIVE_INFINITY : Double.isInfinite(x);
    }

    public boolean isNil(Object value) {
        return value == null;
    }

    /** An integer from a number or its text, as Argo's {@code asInt}. */
    public long asInt(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Long.parseLong(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new ConditionException("asInt(\"" + text + "\"): not an integer");
            }
        }
        throw new ConditionException("asInt() of " + describe(value));
    }

    /** A float from a number or its text, as Argo's {@code asFloat}. */
    public double asFloat(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Double.parseDouble(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new ConditionException("asFloat(\"" + text + "\"): not a number");
            }
        }
        throw new ConditionException("asFloat() of " + describe(value));
    }

    /** {@code fallback} when {@code value} is nil (or an empty string), else {@code value}. */
    public Object argoDefault(Object value, Object fallback) {
        return value == null || (value instanceof CharSequence text && text.isEmpty()) ? fallback : value;
    }

    public boolean all(Object collection, JexlScript predicate) {
        for (Object element : elements(collection, "all")) {
            if (!test(predicate, element)) {
                return false;
            }
        }
        return true;
    }

    public boolean any(Object collection, JexlScript predicate) {
        for (Object element : elements(collection, "any")) {
            if (test(predicate, element)) {
                return true;
            }
        }
        return false;
    }

    public boolean none(Object collection, JexlScript predicate) {
        return !any(collection, predicate);
    }

    public boolean one(Object collection, JexlScript predicate) {
        return count(collection, predicate) == 1;
    }

    public int count(Object collection, JexlScript predicate) {
        int matches = 0;
        for (Object element : elements(collection, "count")) {
            if (test(predicate, element)) {
                matches++;
            }
        }
        return matches;
    }

    public List<Object> filter(Object collection, JexlScript predicate) {
        List<Object> kept = new ArrayList<>();
        for (Object element : elements(collection, "filter")) {
            if (test(predicate, element)) {
                kept.add(element);
            }
        }
        return kept;
    }

    public List<Object> map(Object collection, JexlScript mapping) {
        List<Object> mapped = new ArrayList<>();
        for (Object element : elements(collection, "map")) {
            mapped.add(mapping.execute(context(), element));
        }
        return mapped;
    }

    private static boolean test(JexlScript predicate, Object element) {
        Object outcome = predicate.execute(context(), element);
        if (outcome instanceof Boolean bool) {
            return bool;
        }
        throw new ConditionException("predicate returned " + describe(outcome) + ", not a boolean");
    }

    private static JexlContext context() {
        // the predicate runs inside the evaluation that called us: it sees the same variables
        JexlContext context = JexlEngine.getThreadContext();
        return context == null ? JexlEngine.EMPTY_CONTEXT : context;
    }

    private static List<?> elements(Object collection, String function) {
        int size = collection instanceof Collection<?> some
                ? some.size()
                : collection != null && collection.getClass().isArray() ? Array.getLength(collection) : 0;
        if (size > MAX_ELEMENTS) {
            throw new ConditionException(
                    function + "() of " + size + " elements: at most " + MAX_ELEMENTS + " are walked");
        }
        if (collection instanceof List<?> list) {
            return list;
        }
        if (collection instanceof Collection<?> other) {
            return new ArrayList<>(other);
        }
        if (collection != null && collection.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(collection); i++) {
                list.add(Array.get(collection, i));
            }
            return list;
        }
        throw new ConditionException(function + "() of " + describe(collection) + ", not a list");
    }

    private static double number(Object value, String function) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new ConditionException(function + "() of " + describe(value) + ", not a number");
    }

    static String describe(Object value) {
        return value == null ? "nil" : value.getClass().getSimpleName() + " " + value;
    }
}
