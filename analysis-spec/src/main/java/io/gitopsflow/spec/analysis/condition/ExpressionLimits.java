package io.gitopsflow.spec.analysis.condition;

/**
 * The size and nesting an expression may have before it reaches {@link ExprParser}, which descends recursively (deep
 * enough text overflows a thread's stack: 3,000 nested parentheses did with the JEXL parser this replaced): checked on
 * the text in one pass, skipping string literals. Argo conditions need a fraction of these limits.
 */
public final class ExpressionLimits {

    /** Characters an expression may have. */
    public static final int MAX_LENGTH = 2000;

    /** Brackets ({@code ( [ {}) open at once. */
    public static final int MAX_DEPTH = 32;

    /** Prefix operators ({@code ! - + ~}) in a row, spaces ignored: each is a level of the parser. */
    public static final int MAX_OPERATOR_RUN = 8;

    private ExpressionLimits() {}

    /** Throws {@link ConditionException} naming the limit {@code expression} exceeds. */
    public static void check(String expression) {
        int depth = 0;
        int run = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(expression, i);
                run = 0;
            } else if (c == '(' || c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new ConditionException("the expression nests brackets deeper than " + MAX_DEPTH
                            + " levels (at character " + (i + 1) + ")");
                }
                run = 0;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                run = 0;
            } else if (c == '!' || c == '-' || c == '+' || c == '~') {
                if (++run > MAX_OPERATOR_RUN) {
                    throw new ConditionException("the expression has more than " + MAX_OPERATOR_RUN
                            + " operators in a row (at character " + (i + 1) + ")");
                }
            } else if (!Character.isWhitespace(c)) {
                run = 0;
            }
        }
        if (expression.length() > MAX_LENGTH) {
            throw new ConditionException("the expression has " + expression.length() + " characters, more than the "
                    + MAX_LENGTH + " allowed");
        }
    }

    /** The index of the quote closing the literal opened at {@code start}, or the last index when it is not closed. */
    private static int endOfString(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return text.length() - 1;
    }
}
