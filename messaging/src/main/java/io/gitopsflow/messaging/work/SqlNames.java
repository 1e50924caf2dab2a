package io.gitopsflow.messaging.work;

import java.util.regex.Pattern;

/** Table and column names go into SQL text, so they are checked to be plain identifiers when a table is described. */
final class SqlNames {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlNames() {}

    static String identifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case SQL identifier, not " + name);
        }
        return name;
    }

    static String optionalIdentifier(String what, String name) {
        return name == null ? null : identifier(what, name);
    }

    static String condition(String what, String condition) {
        if (condition == null || condition.isBlank() || condition.contains(";")) {
            throw new IllegalArgumentException(what + " must be one SQL condition, not " + condition);
        }
        return condition;
    }
}
