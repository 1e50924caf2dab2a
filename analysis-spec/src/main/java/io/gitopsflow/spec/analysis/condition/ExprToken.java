package io.gitopsflow.spec.analysis.condition;

/**
 * One token of an expr-lang expression, with the line and column (both from 1) where it starts, so that what is
 * refused is named where the user wrote it.
 *
 * @param kind what the token is
 * @param text the token's text; for a string, its value with the escapes resolved
 * @param line the line it starts on
 * @param column the column it starts at
 */
record ExprToken(Kind kind, String text, int line, int column) {

    /** The token kinds of expr-lang's lexer. */
    enum Kind {
        IDENTIFIER,
        NUMBER,
        STRING,
        OPERATOR,
        BRACKET,
        EOF
    }

    boolean is(Kind expected, String value) {
        return kind == expected && text.equals(value);
    }

    boolean isOperator(String value) {
        return is(Kind.OPERATOR, value);
    }

    boolean isBracket(String value) {
        return is(Kind.BRACKET, value);
    }

    /** Where the token is, as {@code line:column}. */
    String position() {
        return line + ":" + column;
    }

    @Override
    public String toString() {
        return kind == Kind.EOF ? "end of expression" : kind.name().toLowerCase() + " " + text;
    }
}
