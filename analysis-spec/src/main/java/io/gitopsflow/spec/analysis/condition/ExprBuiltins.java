package io.gitopsflow.spec.analysis.condition;

import io.gitopsflow.spec.analysis.condition.ArgoFunctions.Function;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * expr-lang's built-in functions that Argo Rollouts conditions use, with expr-lang's rules (builtin/lib.go): {@code max}
 * and {@code min} of nothing are nil, {@code mean} and {@code median} of nothing are 0.0, {@code first} and
 * {@code last} of an empty list are nil, {@code ceil}/{@code floor}/{@code round} give floats, {@code int} truncates,
 * {@code string} prints as Go's {@code %v}, {@code len} of a string counts its characters.
 */
final class ExprBuiltins {

    /** expr-lang built-ins gitops-flow does not run: refused when the template is read, with where they are. */
    static final Set<String> NOT_SUPPORTED = Set.of(
            "groupBy",
            "sortBy",
            "reduce",
            "splitAfter",
            "repeat",
            "lastIndexOf",
            "toJSON",
            "fromJSON",
            "toBase64",
            "fromBase64",
            "date",
            "timezone",
            "get",
            "take",
            "toPairs",
            "fromPairs",
            "uniq",
            "concat",
            "flatten",
            "sort",
            "bitand",
            "bitor",
            "bitxor",
            "bitnand",
            "bitshl",
            "bitshr",
            "bitushr",
            "bitnot");

    static final Map<String, Function> FUNCTIONS = functions();

    private ExprBuiltins() {}

    private static Map<String, Function> functions() {
        Map<String, Function> all = new HashMap<>();
        all.put("len", new Function(1, 1, (a, r) -> len(a.get(0))));
        all.put("abs", new Function(1, 1, (a, r) -> ExprOperators.negate(negative(a.get(0)) ? "-" : "+", a.get(0))));
        all.put("ceil", new Function(1, 1, (a, r) -> Math.ceil(real(a.get(0), "ceil"))));
        all.put("floor", new Function(1, 1, (a, r) -> Math.floor(real(a.get(0), "floor"))));
        all.put("round", new Function(1, 1, (a, r) -> round(real(a.get(0), "round"))));
        all.put("int", new Function(1, 1, (a, r) -> toInt(a.get(0))));
        all.put("float", new Function(1, 1, (a, r) -> toFloat(a.get(0))));
        all.put("string", new Function(1, 1, (a, r) -> ExprValues.goString(a.get(0))));
        all.put("type", new Function(1, 1, (a, r) -> type(a.get(0))));
        all.put("max", new Function(1, Integer.MAX_VALUE, (a, r) -> extreme(a, "max", 1)));
        all.put("min", new Function(1, Integer.MAX_VALUE, (a, r) -> extreme(a, "min", -1)));
        all.put("mean", new Function(1, Integer.MAX_VALUE, (a, r) -> mean(ArgoFunctions.numbers(a, "mean", 0))));
        all.put("median", new Function(1, Integer.MAX_VALUE, (a, r) -> median(ArgoFunctions.numbers(a, "median", 0))));
        all.put("first", new Function(1, 1, (a, r) -> end(a.get(0), true)));
        all.put("last", new Function(1, 1, (a, r) -> end(a.get(0), false)));
        all.put("upper", new Function(1, 1, (a, r) -> text(a, 0, "upper").toUpperCase(Locale.ROOT)));
        all.put("lower", new Function(1, 1, (a, r) -> text(a, 0, "lower").toLowerCase(Locale.ROOT)));
        all.put("trim", new Function(1, 1, (a, r) -> text(a, 0, "trim").strip()));
        all.put(
                "hasPrefix",
                new Function(2, 2, (a, r) -> text(a, 0, "hasPrefix").startsWith(text(a, 1, "hasPrefix"))));
        all.put(
                "hasSuffix",
                new Function(2, 2, (a, r) -> text(a, 0, "hasSuffix").endsWith(text(a, 1, "hasSuffix"))));
        all.put("trimPrefix", new Function(2, 2, (a, r) -> trimPrefix(text(a, 0, "trimPrefix"), text(a, 1, "trim"))));
        all.put("trimSuffix", new Function(2, 2, (a, r) -> trimSuffix(text(a, 0, "trimSuffix"), text(a, 1, "trim"))));
        all.put("indexOf", new Function(2, 2, (a, r) -> indexOf(text(a, 0, "indexOf"), text(a, 1, "indexOf"))));
        all.put(
                "replace",
                new Function(3, 3, (a, r) -> text(a, 0, "replace").replace(text(a, 1, "r"), text(a, 2, "r"))));
        all.put("split", new Function(2, 2, (a, r) -> split(text(a, 0, "split"), text(a, 1, "split"))));
        all.put("join", new Function(1, 2, (a, r) -> join(a)));
        all.put(
                "keys",
                new Function(
                        1,
                        1,
                        (a, r) -> new ArrayList<Object>(map(a.get(0), "keys").keySet())));
        all.put(
                "values",
                new Function(
                        1,
                        1,
                        (a, r) -> new ArrayList<Object>(map(a.get(0), "values").values())));
        all.put("reverse", new Function(1, 1, (a, r) -> reverse(a.get(0))));
        all.put("now", new Function(0, 0, (a, r) -> new ExprTime(System.currentTimeMillis() / 1000.0, false)));
        all.put("duration", new Function(1, 1, (a, r) -> duration(text(a, 0, "duration"))));
        return Map.copyOf(all);
    }

    static long len(Object value) {
        if (value instanceof List<?> list) {
            return list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        if (value instanceof String text) {
            return text.codePointCount(0, text.length());
        }
        throw new ConditionException("invalid argument for len (type " + ExprValues.typeName(value) + ")");
    }

    private static boolean negative(Object value) {
        ArgoFunctions.number(value, "abs");
        return ExprValues.toDouble(value) < 0;
    }

    private static double real(Object value, String function) {
        return ExprValues.toDouble(ArgoFunctions.number(value, function));
    }

    /** Go's math.Round: half away from zero. */
    private static double round(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double rounded = Math.floor(Math.abs(x) + 0.5);
        if (rounded - Math.abs(x) == 0.5 && Math.abs(x) % 1 != 0.5) {
            rounded -= 1; // Math.abs(x) + 0.5 rounded up in floating point
        }
        return Math.copySign(rounded, x);
    }

    private static long toInt(Object value) {
        if (value instanceof String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ConditionException("invalid operation: int(" + text + ")");
            }
        }
        if (!ExprValues.isNumber(value)) {
            throw new ConditionException("invalid operation: int(" + ExprValues.typeName(value) + ")");
        }
        return ((Number) value).longValue();
    }

    private static double toFloat(Object value) {
        if (value instanceof String text) {
            try {
                return ArgoFunctions.parseFloat(text, "float");
            } catch (ConditionException e) {
                throw new ConditionException("invalid operation: float(" + text + ")");
            }
        }
        if (!ExprValues.isNumber(value)) {
            throw new ConditionException("invalid operation: float(" + ExprValues.typeName(value) + ")");
        }
        return ExprValues.toDouble(value);
    }

    private static String type(Object value) {
        if (value == null) {
            return "nil";
        }
        String go = ExprValues.typeName(value);
        return switch (go) {
            case "float64" -> "float";
            case "[]interface {}" -> "array";
            case "map[string]interface {}" -> "map";
            default -> go;
        };
    }

    /** expr-lang's max/min: lists flattened; nothing gives nil; one argument that is not a number is given back. */
    private static Object extreme(List<Object> arguments, String function, int sign) {
        if (arguments.size() == 1 && !(arguments.get(0) instanceof List<?>) && !ExprValues.isNumber(arguments.get(0))) {
            return arguments.get(0);
        }
        Object best = null;
        for (Object value : ArgoFunctions.numbers(arguments, function, 0)) {
            if (best == null || ExprOperators.compare(sign > 0 ? "<" : ">", best, value)) {
                best = value;
            }
        }
        return best;
    }

    private static double mean(List<Object> numbers) {
        double total = 0;
        for (Object n : numbers) {
            total += ExprValues.toDouble(n);
        }
        return numbers.isEmpty() ? 0.0 : total / numbers.size();
    }

    private static double median(List<Object> numbers) {
        List<Double> sorted = new ArrayList<>();
        numbers.forEach(n -> sorted.add(ExprValues.toDouble(n)));
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            return 0.0;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Object end(Object value, boolean first) {
        if (value instanceof List<?> list && !list.isEmpty()) {
            return list.get(first ? 0 : list.size() - 1);
        }
        return null; // expr-lang recovers the out-of-range fetch into nil
    }

    private static String text(List<Object> arguments, int index, String function) {
        if (arguments.get(index) instanceof String text) {
            return text;
        }
        throw new ConditionException(
                "invalid argument for " + function + " (type " + ExprValues.typeName(arguments.get(index)) + ")");
    }

    private static String trimPrefix(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static String trimSuffix(String text, String suffix) {
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    private static long indexOf(String text, String part) {
        int at = text.indexOf(part);
        return at < 0 ? -1 : text.codePointCount(0, at);
    }

    private static List<Object> split(String text, String separator) {
        List<Object> parts = new ArrayList<>();
        if (separator.isEmpty()) {
            text.codePoints().forEach(c -> parts.add(new String(Character.toChars(c))));
            return parts;
        }
        int from = 0;
        for (int at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, from)) {
            parts.add(text.substring(from, at));
            from = at + separator.length();
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static String join(List<Object> arguments) {
        String separator = arguments.size() > 1 ? text(arguments, 1, "join") : "";
        List<String> parts = new ArrayList<>();
        for (Object element : ArgoFunctions.elements(arguments.get(0), "join")) {
            if (!(element instanceof String text)) {
                throw new ConditionException("invalid argument for join (type " + ExprValues.typeName(element) + ")");
            }
            parts.add(text);
        }
        return String.join(separator, parts);
    }

    private static Map<?, ?> map(Object value, String function) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new ConditionException("invalid argument for " + function + " (type " + ExprValues.typeName(value) + ")");
    }

    private static List<Object> reverse(Object value) {
        List<Object> copy = new ArrayList<>(ArgoFunctions.elements(value, "reverse"));
        Collections.reverse(copy);
        return copy;
    }

    private static ExprTime duration(String text) {
        try {
            return new ExprTime(
                    io.gitopsflow.spec.analysis.Durations.parse(text).toMillis() / 1000.0, true);
        } catch (IllegalArgumentException e) {
            throw new ConditionException("time: invalid duration \"" + text + "\"");
        }
    }
}
