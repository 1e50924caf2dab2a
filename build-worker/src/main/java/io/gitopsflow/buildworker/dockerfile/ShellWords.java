package io.gitopsflow.buildworker.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's shell-word rules for instruction arguments: quotes and escapes removed, {@code $name} and {@code ${name}}
 * (with {@code :-}, {@code -}, {@code :+}, {@code +}) substituted from the variables in scope, and split on unquoted
 * whitespace.
 */
final class ShellWords {

    private static final Pattern BRACED_VARIABLE =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?", Pattern.DOTALL);

    private final char escape;
    private final UnaryOperator<String> lookup;

    /**
     * @param escape the Dockerfile's escape character
     * @param lookup a variable's value in scope where the words are read, or null when it is not set
     */
    ShellWords(char escape, UnaryOperator<String> lookup) {
        this.escape = escape;
        this.lookup = lookup;
    }

    /** {@code text} as words, split on unquoted whitespace. */
    List<String> words(Instruction instruction, String text) {
        return lex(instruction, text, true);
    }

    /** {@code text} as one word: whitespace kept. */
    String word(Instruction instruction, String text) {
        List<String> words = lex(instruction, text, false);
        return words.isEmpty() ? "" : words.get(0);
    }

    private List<String> lex(Instruction instruction, String text, boolean split) {
        List<String> words = new ArrayList<>();
        var word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (split && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
                continue;
            }
            inWord = true;
            if (c == escape) {
                if (i + 1 < text.length()) {
                    word.append(text.charAt(i + 1));
                }
                i += 2;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw instruction.refuse("has an unterminated single quote");
                }
                word.append(text, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(instruction, text, i + 1, word);
            } else if (c == '$') {
                i = substitute(instruction, text, i, word);
            } else {
                word.append(c);
                i++;
            }
        }
        if (inWord || !split) {
            words.add(word.toString());
        }
        return words;
    }

    private int doubleQuoted(Instruction instruction, String text, int start, StringBuilder word) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            // inside double quotes the escape character escapes only '"', '$' and itself, as in docker
            if (c == escape && (next == '"' || next == '$' || next == escape)) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = substitute(instruction, text, i, word);
            } else {
                word.append(c);
                i++;
            }
        }
        throw instruction.refuse("has an unterminated double quote");
    }

    /** Appends the value of the reference at {@code text[dollar]}; returns the index after it. */
    private int substitute(Instruction instruction, String text, int dollar, StringBuilder word) {
        int i = dollar + 1;
        if (i < text.length() && text.charAt(i) == '{') {
            return substituteBraced(instruction, text, i, word);
        }
        int end = i;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        if (end == i || Character.isDigit(text.charAt(i))) {
            word.append('$');
            return i;
        }
        String value = lookup.apply(text.substring(i, end));
        word.append(value == null ? "" : value);
        return end;
    }

    /** {@code ${name}}, {@code ${name:-default}}, {@code ${name:+alternative}} and their forms without ':'. */
    private int substituteBraced(Instruction instruction, String text, int brace, StringBuilder word) {
        int close = closingBrace(text, brace + 1);
        if (close < 0) {
            throw instruction.refuse("has an unterminated ${ reference");
        }
        String inner = text.substring(brace + 1, close);
        Matcher m = BRACED_VARIABLE.matcher(inner);
        if (!m.matches()) {
            throw instruction.refuse("has an unsupported variable reference " + Instruction.quote("${" + inner + "}"));
        }
        String value = lookup.apply(m.group(1));
        String modifier = m.group(2);
        if (modifier == null) {
            word.append(value == null ? "" : value);
        } else {
            boolean set = modifier.startsWith(":") ? value != null && !value.isEmpty() : value != null;
            if (modifier.endsWith("-")) {
                word.append(set ? value : word(instruction, m.group(3)));
            } else if (set) {
                word.append(word(instruction, m.group(3)));
            }
        }
        return close + 1;
    }

    private static int closingBrace(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && i > 0 && text.charAt(i - 1) == '$') {
                depth++;
            } else if (c == '}' && depth-- == 0) {
                return i;
            }
        }
        return -1;
    }
}
