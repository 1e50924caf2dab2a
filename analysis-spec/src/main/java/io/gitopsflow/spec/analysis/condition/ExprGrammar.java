package io.gitopsflow.spec.analysis.condition;

import java.util.Map;
import java.util.Set;

/** expr-lang's operator table and literal rules (parser/operator and parser/parser.go), as {@link ExprParser} uses them. */
final class ExprGrammar {

    private ExprGrammar() {}

    /** Binary operators: precedence, and whether they associate to the right (expr-lang's operator table). */
    static final Map<String, Integer> BINARY = Map.ofEntries(
            Map.entry("|", 0),
            Map.entry("or", 10),
            Map.entry("||", 10),
            Map.entry("and", 15),
            Map.entry("&&", 15),
            Map.entry("==", 20),
            Map.entry("!=", 20),
            Map.entry("<", 20),
            Map.entry(">", 20),
            Map.entry(">=", 20),
            Map.entry("<=", 20),
            Map.entry("in", 20),
            Map.entry("matches", 20),
            Map.entry("contains", 20),
            Map.entry("startsWith", 20),
            Map.entry("endsWith", 20),
            Map.entry("..", 25),
            Map.entry("+", 30),
            Map.entry("-", 30),
            Map.entry("*", 60),
            Map.entry("/", 60),
            Map.entry("%", 60),
            Map.entry("**", 100),
            Map.entry("^", 100),
            Map.entry("??", 500));

    static final Map<String, Integer> UNARY = Map.of("not", 50, "!", 50, "-", 90, "+", 90);

    static final Set<String> COMPARISONS = Set.of("<", ">", "<=", ">=");
    static final Set<String> NEGATABLE = Set.of("contains", "matches", "startsWith", "endsWith", "in");

    /** The built-ins whose second argument is a predicate; true when it may be left out. */
    static final Map<String, Boolean> PREDICATE_FUNCTIONS = Map.ofEntries(
            Map.entry("all", false),
            Map.entry("none", false),
            Map.entry("any", false),
            Map.entry("one", false),
            Map.entry("filter", false),
            Map.entry("map", false),
            Map.entry("count", true),
            Map.entry("sum", true),
            Map.entry("find", false),
            Map.entry("findIndex", false),
            Map.entry("findLast", false),
            Map.entry("findLastIndex", false),
            Map.entry("groupBy", false),
            Map.entry("sortBy", false),
            Map.entry("reduce", false));

    /** A number literal as expr-lang reads it: an int (Go's int, 64 bits) unless it has a point or an exponent. */
    static Object number(ExprToken token) {
        String digits = token.text().replace("_", "");
        String lower = digits.toLowerCase(java.util.Locale.ROOT);
        try {
            if (lower.startsWith("0x")) {
                return Long.parseLong(digits.substring(2), 16);
            }
            if (lower.startsWith("0o")) {
                return Long.parseLong(digits.substring(2), 8);
            }
            if (lower.startsWith("0b")) {
                return Long.parseLong(digits.substring(2), 2);
            }
            if (lower.contains(".") || lower.contains("e")) {
                return Double.parseDouble(digits);
            }
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ExprSyntaxException("invalid number literal: " + token.text(), token);
        }
    }
}
