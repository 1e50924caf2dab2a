package io.gitopsflow.spec.analysis.condition;

/** The escapes of a Go string literal ({@code \n}, {@code \t}, {@code \x41}, {@code \u00e9}, {@code \101}, ...). */
final class GoEscapes {

    private GoEscapes() {}

    /**
     * Appends the character the escape at {@code at} (a backslash) stands for and returns the index after it.
     *
     * @throws ExprSyntaxException when the escape is not one Go knows
     */
    static int unescape(String text, int at, char quote, StringBuilder out) {
        if (at + 1 >= text.length()) {
            throw new ExprSyntaxException("literal not terminated", 1, at + 1);
        }
        char c = text.charAt(at + 1);
        switch (c) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\\' -> out.append('\\');
            case 'x' -> {
                return code(text, at + 2, 2, 16, out);
            }
            case 'u' -> {
                return code(text, at + 2, 4, 16, out);
            }
            case 'U' -> {
                return code(text, at + 2, 8, 16, out);
            }
            default -> {
                if (c == quote) {
                    out.append(c);
                } else if (c >= '0' && c <= '7') {
                    return code(text, at + 1, 3, 8, out);
                } else {
                    throw new ExprSyntaxException("invalid syntax: unknown escape \\" + c, 1, at + 1);
                }
            }
        }
        return at + 2;
    }

    private static int code(String text, int from, int digits, int radix, StringBuilder out) {
        if (from + digits > text.length()) {
            throw new ExprSyntaxException("invalid syntax: short escape", 1, from);
        }
        try {
            out.appendCodePoint(Integer.parseInt(text.substring(from, from + digits), radix));
        } catch (IllegalArgumentException e) {
            throw new ExprSyntaxException("invalid syntax: bad escape", 1, from);
        }
        return from + digits;
    }
}
