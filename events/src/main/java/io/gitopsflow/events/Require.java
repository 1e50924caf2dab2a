package io.gitopsflow.events;

import java.util.List;
import java.util.regex.Pattern;

/** Checks the records run when they are built, so a record that reads wrong fails with the field's name. */
final class Require {

    /** Compiled once: a webhook's commits are checked on every request. */
    private static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

    private Require() {}

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        return value;
    }

    static String gitSha(String value, String field) {
        text(value, field);
        if (!GIT_SHA.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a full hexadecimal Git object id (40 or 64 chars)");
        }
        return value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static int notNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return value;
    }
}
