package io.gitopsflow.console.service;

import java.util.regex.Pattern;

/**
 * The PostgreSQL schema a projection writes: the live one the service reads, or another one a replay rebuilds. The
 * name is checked before it reaches any statement.
 *
 * @param name an unquoted PostgreSQL identifier, lower case
 */
public record ReadModelSchema(String name) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The live read model: the datasource's own schema. */
    public static final ReadModelSchema LIVE = new ReadModelSchema("public");

    public ReadModelSchema {
        if (name == null || !IDENTIFIER.matcher(name).matches() || name.startsWith("pg_")) {
            throw new IllegalArgumentException(
                    "a read model schema is a lower-case identifier of at most 63 letters, digits and '_' (not pg_*)");
        }
    }
}
