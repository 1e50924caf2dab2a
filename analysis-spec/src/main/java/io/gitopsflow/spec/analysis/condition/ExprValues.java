package io.gitopsflow.spec.analysis.condition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Values as expr-lang sees them, and its rules for reading them: an integer is a {@link Long} (Go's {@code int}), a
 * float a {@link Double} ({@code float64}), then {@link String}, {@link Boolean}, {@code null} (nil), {@link List} and
 * {@link Map}. {@link #of} brings a measured value to that form; {@link #goString} prints as Go's {@code %v} does
 * (expr-lang's {@code string()}); {@link #typeName} names a type as Go's messages do.
 */
final class ExprValues {

    private ExprValues() {}

    /** A measured value in the forms above: every integer a Long, every other number a Double. */
    static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValue();
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), of(v)));
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            collection.forEach(element -> copy.add(of(element)));
            return copy;
        }
        if (value instanceof ExprTime) {
            return value;
        }
        if (value.getClass().isArray()) {
            List<Object> copy = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                copy.add(of(java.lang.reflect.Array.get(value, i)));
            }
            return copy;
        }
        throw new ConditionException("a value of type " + value.getClass().getSimpleName() + " cannot be evaluated");
    }

    static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double;
    }

    static double toDouble(Object value) {
        return ((Number) value).doubleValue();
    }

    /** Go's name of a value's type, as expr-lang's messages give it. */
    static String typeName(Object value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "float64";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof List<?>) {
            return "[]interface {}";
        }
        if (value instanceof Map<?, ?>) {
            return "map[string]interface {}";
        }
        if (value instanceof ExprTime time) {
            return time.duration() ? "time.Duration" : "time.Time";
        }
        return value.getClass().getSimpleName();
    }

    /** The value as Go's {@code fmt.Sprintf("%v", value)} prints it. */
    static String goString(Object value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof Double d) {
            return goFloat(d);
        }
        if (value instanceof List<?> list) {
            StringJoiner out = new StringJoiner(" ", "[", "]");
            list.forEach(element -> out.add(goString(element)));
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringJoiner out = new StringJoiner(" ", "map[", "]");
            map.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey((a, b) -> String.valueOf(a).compareTo(String.valueOf(b))))
                    .forEach(e -> out.add(e.getKey() + ":" + goString(e.getValue())));
            return out.toString();
        }
        return value.toString();
    }

    /** A float64 as {@code %v}: the shortest digits, in exponent form below 1e-4 or from 1e21 on. */
    static String goFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < -4 || exponent >= 21) {
            String digits = decimal.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String sign = exponent < 0 ? "-" : "+";
            int magnitude = Math.abs(exponent);
            return (d < 0 ? "-" : "") + mantissa + "e" + sign + (magnitude < 10 ? "0" : "") + magnitude;
        }
        return decimal.toPlainString();
    }
}
