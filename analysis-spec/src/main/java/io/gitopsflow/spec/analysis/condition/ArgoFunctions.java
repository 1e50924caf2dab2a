package io.gitopsflow.spec.analysis.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The functions an Argo Rollouts condition can call, by name, with the number of arguments each takes: Argo's own
 * ({@code asInt}, {@code asFloat}, {@code isNaN}, {@code isInf}, {@code isNil}, {@code default}: utils/evaluate in
 * argo-rollouts) and expr-lang's built-ins for numbers and aggregates ({@link ExprBuiltins}). The predicate
 * built-ins ({@code all}, {@code filter}, ...) run in {@link ExprInterpreter}, which owns the element scope.
 */
final class ArgoFunctions {

    /** Elements a predicate or an aggregate walks at most: a range such as {@code 1..2000000000} is refused. */
    static final int MAX_ELEMENTS = 100_000;

    /** A function: its arity and its body over the evaluated arguments and the measured result. */
    record Function(int minArguments, int maxArguments, BiFunction<List<Object>, Object, Object> body) {}

    private static final Pattern GO_FLOAT =
            Pattern.compile("[+-]?((\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|(?i:inf|infinity|nan))");
    private static final Pattern GO_INT = Pattern.compile("[+-]?\\d+");

    /** Every function a condition may call. */
    static final Map<String, Function> FUNCTIONS = functions();

    private ArgoFunctions() {}

    private static Map<String, Function> functions() {
        Map<String, Function> all = new java.util.HashMap<>(ExprBuiltins.FUNCTIONS);
        all.put("asInt", new Function(1, 1, (a, r) -> asInt(a.get(0))));
        all.put("asFloat", new Function(1, 1, (a, r) -> asFloat(a.get(0))));
        all.put("isNaN", new Function(1, 1, (a, r) -> Double.isNaN(float64(a.get(0), "isNaN"))));
        // Argo's isInf takes one argument; the second (sign, as Go's math.IsInf) is kept from earlier versions
        all.put("isInf", new Function(1, 2, (a, r) -> isInf(a)));
        // Argo's isNil and default look at the measured result, whatever their first argument is
        all.put("isNil", new Function(1, 1, (a, r) -> r == null));
        all.put("default", new Function(2, 2, (a, r) -> r == null ? a.get(1) : r));
        return Map.copyOf(all);
    }

    /** Calls {@code name} on evaluated arguments; {@code result} is the measured value Argo's functions look at. */
    static Object call(String name, List<Object> arguments, Object result) {
        Function function = FUNCTIONS.get(name);
        if (function == null) {
            throw new ConditionException("unknown function " + name);
        }
        return function.body().apply(arguments, result);
    }

    private static boolean isInf(List<Object> arguments) {
        double x = float64(arguments.get(0), "isInf");
        if (arguments.size() == 1) {
            return Double.isInfinite(x);
        }
        double sign = ExprValues.toDouble(number(arguments.get(1), "isInf"));
        return sign > 0
                ? x == Double.POSITIVE_INFINITY
                : sign < 0 ? x == Double.NEGATIVE_INFINITY : Double.isInfinite(x);
    }

    /** Argo's {@code asInt}: an integer from a number (truncated) or from decimal text (Go's ParseInt). */
    static long asInt(Object value) {
        if (ExprValues.isNumber(value)) {
            return ((Number) value).longValue();
        }
        if (value instanceof String text) {
            if (GO_INT.matcher(text).matches()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new ConditionException("strconv.ParseInt: parsing \"" + text + "\": value out of range");
                }
            }
            throw new ConditionException("strconv.ParseInt: parsing \"" + text + "\": invalid syntax (not an integer)");
        }
        throw new ConditionException(
                "asInt() not supported on " + ExprValues.typeName(value) + " " + ExprValues.goString(value));
    }

    /** Argo's {@code asFloat}: a float from a number or from text (Go's ParseFloat: no spaces, "Inf", "NaN"). */
    static double asFloat(Object value) {
        if (ExprValues.isNumber(value)) {
            return ExprValues.toDouble(value);
        }
        if (value instanceof String text) {
            return parseFloat(text, "strconv.ParseFloat");
        }
        throw new ConditionException(
                "asFloat() not supported on " + ExprValues.typeName(value) + " " + ExprValues.goString(value));
    }

    static double parseFloat(String text, String what) {
        if (!GO_FLOAT.matcher(text).matches()) {
            throw new ConditionException(what + ": parsing \"" + text + "\": invalid syntax (not a number)");
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT).replace("+", "");
        if (lower.endsWith("nan")) {
            return Double.NaN;
        }
        if (lower.endsWith("inf") || lower.endsWith("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(text);
    }

    /** An argument Go declares float64: an int is refused there, as reflect refuses it in Argo. */
    private static double float64(Object value, String function) {
        if (value instanceof Double d) {
            return d;
        }
        throw new ConditionException(
                "cannot use " + ExprValues.typeName(value) + " as argument (type float64) to call " + function);
    }

    static Object number(Object value, String function) {
        if (ExprValues.isNumber(value)) {
            return value;
        }
        throw new ConditionException("invalid argument for " + function + " (type " + ExprValues.typeName(value) + ")");
    }

    /** The elements a predicate built-in walks: a list, at most {@link #MAX_ELEMENTS}. */
    static List<?> elements(Object collection, String function) {
        if (!(collection instanceof List<?> list)) {
            throw new ConditionException(
                    "invalid argument for len (type " + ExprValues.typeName(collection) + ") in " + function + "()");
        }
        if (list.size() > MAX_ELEMENTS) {
            throw new ConditionException(
                    function + "() of " + list.size() + " elements: at most " + MAX_ELEMENTS + " are walked");
        }
        return list;
    }

    /** expr-lang's {@code sum}: an int while every element is one, a float otherwise. */
    static Object sum(List<?> values) {
        Object total = 0L;
        for (Object value : values) {
            total = ExprOperators.arithmetic("+", total, number(value, "sum"));
        }
        return total;
    }

    /** The numbers of the arguments, lists flattened (expr-lang's max, min, mean, median). */
    static List<Object> numbers(List<Object> arguments, String function, int depth) {
        List<Object> numbers = new ArrayList<>();
        for (Object argument : arguments) {
            if (argument instanceof List<?> list && depth < 10) {
                @SuppressWarnings("unchecked")
                List<Object> nested = (List<Object>) list;
                numbers.addAll(numbers(nested, function, depth + 1));
            } else {
                numbers.add(number(argument, function));
            }
            if (numbers.size() > MAX_ELEMENTS) {
                throw new ConditionException(function + "() of more than " + MAX_ELEMENTS + " elements");
            }
        }
        return numbers;
    }
}
