package io.gitopsflow.spec.analysis.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * expr-lang's operators on values (github.com/expr-lang/expr, vm/runtime): equality never converts between types (an
 * int and a float compare as numbers, a string never equals a number or a bool), ordering needs two numbers, two
 * strings or two times, {@code /} is always a float division, {@code %} needs integers, {@code **} and {@code ^} are
 * float powers, {@code +} adds numbers or joins strings. NaN is neither less, greater nor equal to anything, as in Go.
 */
final class ExprOperators {

    /** Elements a range ({@code 1..n}) may have: a huge range is refused, not built. */
    static final int MAX_RANGE = ArgoFunctions.MAX_ELEMENTS;

    private ExprOperators() {}

    static boolean equal(Object left, Object right) {
        if (ExprValues.isNumber(left) && ExprValues.isNumber(right)) {
            if (left instanceof Long a && right instanceof Long b) {
                return a.longValue() == b.longValue();
            }
            return ExprValues.toDouble(left) == ExprValues.toDouble(right);
        }
        if (left == null || right == null) {
            return left == null && right == null;
        }
        if (left instanceof List<?> a && right instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (left instanceof Map<?, ?> a && right instanceof Map<?, ?> b) {
            return a.equals(b); // reflect.DeepEqual: same keys, same values of the same types
        }
        return left.equals(right);
    }

    /** Compares for {@code < > <= >=}; an error for types that do not order. */
    static boolean compare(String operator, Object left, Object right) {
        int order;
        if (ExprValues.isNumber(left) && ExprValues.isNumber(right)) {
            if (left instanceof Long a && right instanceof Long b) {
                order = Long.compare(a, b);
            } else {
                double a = ExprValues.toDouble(left);
                double b = ExprValues.toDouble(right);
                if (Double.isNaN(a) || Double.isNaN(b)) {
                    return false;
                }
                order = a < b ? -1 : a > b ? 1 : 0;
            }
        } else if (left instanceof String a && right instanceof String b) {
            order = a.compareTo(b);
        } else if (left instanceof ExprTime a && right instanceof ExprTime b && a.duration() == b.duration()) {
            order = Double.compare(a.seconds(), b.seconds());
        } else {
            throw mismatched(operator, left, right);
        }
        return switch (operator) {
            case "<" -> order < 0;
            case ">" -> order > 0;
            case "<=" -> order <= 0;
            default -> order >= 0;
        };
    }

    static Object arithmetic(String operator, Object left, Object right) {
        if (operator.equals("+") && left instanceof String a && right instanceof String b) {
            return a + b;
        }
        if (left instanceof ExprTime || right instanceof ExprTime) {
            return time(operator, left, right);
        }
        if (!ExprValues.isNumber(left) || !ExprValues.isNumber(right)) {
            throw mismatched(operator, left, right);
        }
        if (operator.equals("/")) {
            return ExprValues.toDouble(left) / ExprValues.toDouble(right);
        }
        if (operator.equals("**") || operator.equals("^")) {
            return Math.pow(ExprValues.toDouble(left), ExprValues.toDouble(right));
        }
        if (operator.equals("%")) {
            if (!(left instanceof Long a) || !(right instanceof Long b)) {
                throw mismatched(operator, left, right);
            }
            if (b == 0) {
                throw new ConditionException("integer divide by zero");
            }
            return a % b;
        }
        if (left instanceof Long a && right instanceof Long b) {
            return switch (operator) {
                case "+" -> a + b;
                case "-" -> a - b;
                default -> a * b;
            };
        }
        double a = ExprValues.toDouble(left);
        double b = ExprValues.toDouble(right);
        return switch (operator) {
            case "+" -> a + b;
            case "-" -> a - b;
            default -> a * b;
        };
    }

    private static Object time(String operator, Object left, Object right) {
        if (left instanceof ExprTime a && right instanceof ExprTime b) {
            if (operator.equals("-") && !b.duration()) {
                return new ExprTime(a.seconds() - b.seconds(), true);
            }
            if ((operator.equals("-") || operator.equals("+")) && b.duration()) {
                double sign = operator.equals("-") ? -1 : 1;
                return new ExprTime(a.seconds() + sign * b.seconds(), a.duration());
            }
        }
        throw mismatched(operator, left, right);
    }

    static Object negate(String operator, Object value) {
        if (value instanceof Long l) {
            return operator.equals("-") ? -l : l;
        }
        if (value instanceof Double d) {
            return operator.equals("-") ? -d : d;
        }
        throw new ConditionException("invalid operation: " + operator + " " + ExprValues.typeName(value));
    }

    /** {@code needle in haystack}: an element of a list (by {@link #equal}), a key of a map; false in nil. */
    static boolean in(Object needle, Object haystack) {
        if (haystack == null) {
            return false;
        }
        if (haystack instanceof List<?> list) {
            for (Object element : list) {
                if (equal(element, needle)) {
                    return true;
                }
            }
            return false;
        }
        if (haystack instanceof Map<?, ?> map) {
            return map.containsKey(needle);
        }
        throw new ConditionException("operator \"in\" not defined on " + ExprValues.typeName(haystack));
    }

    /** {@code contains}, {@code startsWith}, {@code endsWith} and {@code matches}: on two strings only. */
    static boolean text(String operator, Object left, Object right) {
        if (!(left instanceof String a) || !(right instanceof String b)) {
            throw mismatched(operator, left, right);
        }
        return switch (operator) {
            case "contains" -> a.contains(b);
            case "startsWith" -> a.startsWith(b);
            case "endsWith" -> a.endsWith(b);
            default -> regex(b).matcher(a).find(); // Go's regexp.MatchString: a match anywhere
        };
    }

    static Pattern regex(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ConditionException("error parsing regexp: " + e.getDescription() + ": `" + pattern + "`");
        }
    }

    static List<Object> range(Object from, Object to) {
        if (!(from instanceof Long a) || !(to instanceof Long b)) {
            throw mismatched("..", from, to);
        }
        if (b - a + 1 > MAX_RANGE) {
            throw new ConditionException("the range " + a + ".." + b + " has more than " + MAX_RANGE
                    + " elements: at most " + MAX_RANGE + " are walked");
        }
        List<Object> values = new ArrayList<>();
        for (long i = a; i <= b; i++) {
            values.add(i);
        }
        return values;
    }

    static ConditionException mismatched(String operator, Object left, Object right) {
        return new ConditionException("invalid operation: " + operator + " (mismatched types "
                + ExprValues.typeName(left) + " and " + ExprValues.typeName(right) + ")");
    }
}
