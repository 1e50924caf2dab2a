package io.gitopsflow.spec.analysis.condition;

import io.gitopsflow.spec.analysis.condition.ExprToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits an expr-lang expression into tokens as expr-lang's own lexer does (github.com/expr-lang/expr, parser/lexer):
 * numbers (decimal, {@code 0x}, {@code 0o}, {@code 0b}, underscores, floats), strings in double or single quotes with
 * Go escapes or in backquotes raw, identifiers, the word operators ({@code and}, {@code in}, {@code matches}, ...),
 * the symbol operators, brackets and comments.
 */
final class ExprLexer {

    /** Words expr-lang's lexer turns into operators rather than names. */
    static final Set<String> WORD_OPERATORS =
            Set.of("not", "and", "or", "in", "matches", "contains", "startsWith", "endsWith", "let", "if", "else");

    private static final List<String> SYMBOLS = List.of(
            "??", "?.", "?", "..", "**", "::", "==", "!=", "<=", ">=", "&&", "||", "!", "<", ">", "=", "+", "-", "*",
            "/", "%", "^", ",", ";", ":", ".", "#", "|");

    private final String text;
    private final List<ExprToken> tokens = new ArrayList<>();
    private int at;
    private int line = 1;
    private int lineStart;

    private ExprLexer(String text) {
        this.text = text;
    }

    /** The tokens of {@code text}, ending with an EOF token; {@link ExprSyntaxException} when a character is wrong. */
    static List<ExprToken> tokens(String text) {
        ExprLexer lexer = new ExprLexer(text);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\n') {
                at++;
                line++;
                lineStart = at;
            } else if (Character.isWhitespace(c)) {
                at++;
            } else if (text.startsWith("//", at)) {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (text.startsWith("/*", at)) {
                comment();
            } else if (c == '"' || c == '\'') {
                quoted(c);
            } else if (c == '`') {
                raw();
            } else if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && isDigit(text.charAt(at + 1)))) {
                number();
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                word();
            } else if ("([{)]}".indexOf(c) >= 0) {
                emit(Kind.BRACKET, String.valueOf(c), at);
                at++;
            } else {
                symbol(c);
            }
        }
        tokens.add(new ExprToken(Kind.EOF, "", line, at - lineStart + 1));
    }

    private void comment() {
        int end = text.indexOf("*/", at + 2);
        if (end < 0) {
            throw error("unclosed comment", at);
        }
        for (int i = at; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        at = end + 2;
    }

    private void symbol(char c) {
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, at)) {
                emit(Kind.OPERATOR, symbol, at);
                at += symbol.length();
                return;
            }
        }
        throw error("unrecognized character: '" + c + "'", at);
    }

    private void word() {
        int start = at;
        while (at < text.length()
                && (Character.isLetterOrDigit(text.charAt(at)) || "_$".indexOf(text.charAt(at)) >= 0)) {
            at++;
        }
        String word = text.substring(start, at);
        emit(WORD_OPERATORS.contains(word) ? Kind.OPERATOR : Kind.IDENTIFIER, word, start);
    }

    private void number() {
        int start = at;
        String digits = "0123456789_";
        if (text.startsWith("0x", at) || text.startsWith("0X", at)) {
            digits = "0123456789abcdefABCDEF_";
            at += 2;
        } else if (text.startsWith("0o", at) || text.startsWith("0O", at)) {
            digits = "01234567_";
            at += 2;
        } else if (text.startsWith("0b", at) || text.startsWith("0B", at)) {
            digits = "01_";
            at += 2;
        }
        run(digits);
        if (at < text.length() && text.charAt(at) == '.' && !text.startsWith("..", at)) {
            at++;
            run(digits);
        }
        if (digits.length() == 11 && at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            run(digits);
        }
        if (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            throw error("bad number syntax: \"" + text.substring(start, at + 1) + "\"", start);
        }
        emit(Kind.NUMBER, text.substring(start, at), start);
    }

    private void run(String digits) {
        while (at < text.length() && digits.indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private void quoted(char quote) {
        int start = at;
        StringBuilder value = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length() || text.charAt(at) == '\n') {
                throw error("literal not terminated", start);
            }
            char c = text.charAt(at);
            if (c == quote) {
                at++;
                break;
            }
            if (c == '\\') {
                at = GoEscapes.unescape(text, at, quote, value);
            } else {
                value.append(c);
                at++;
            }
        }
        emit(Kind.STRING, value.toString(), start);
    }

    private void raw() {
        int start = at;
        int end = text.indexOf('`', at + 1);
        if (end < 0) {
            throw error("literal not terminated", start);
        }
        String value = text.substring(at + 1, end);
        emit(Kind.STRING, value, start);
        for (int i = at; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        at = end + 1;
    }

    private void emit(Kind kind, String value, int start) {
        tokens.add(new ExprToken(kind, value, line, start - lineStart + 1));
    }

    private ExprSyntaxException error(String message, int where) {
        return new ExprSyntaxException(message, line, where - lineStart + 1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
