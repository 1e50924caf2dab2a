package io.gitopsflow.buildworker.dockerfile;

import io.gitopsflow.events.validation.InvalidNameException;

/**
 * One Dockerfile instruction after joining its continuation lines.
 *
 * @param line the 1-based line where it starts
 * @param keyword the instruction in upper case, e.g. {@code COPY}
 * @param arguments everything after the keyword, stripped
 */
record Instruction(int line, String keyword, String arguments) {

    /** The refusal of this instruction, naming its line: {@code reason} continues the sentence after the keyword. */
    UnsupportedDockerfileException refuse(String reason) {
        return new UnsupportedDockerfileException(line, keyword, reason);
    }

    static String quote(String value) {
        return InvalidNameException.quote(value);
    }

    /** The index of the first whitespace character in {@code text}, or -1. */
    static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code --chown} of {@code --chown=user}, lower-cased: a flag's name without its value. */
    static String flagName(String flag) {
        int equals = flag.indexOf('=');
        int space = firstWhitespace(flag);
        int end = equals < 0 ? (space < 0 ? flag.length() : space) : equals;
        return flag.substring(0, end).toLowerCase(java.util.Locale.ROOT);
    }
}
