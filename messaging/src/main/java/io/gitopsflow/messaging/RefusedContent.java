package io.gitopsflow.messaging;

import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;
import java.util.Set;

/**
 * A failure that is the database refusing a record's content: a value longer than its column, one a check or a
 * not-null rule forbids (SQLSTATE class 22, 23502, 23514). Trying again cannot help, so the receiver takes it for a
 * terminal failure, as it takes a {@link TerminalFailure}; every other database failure stays an outage.
 */
public final class RefusedContent {

    private static final Set<String> REFUSED_VALUES = Set.of("23502", "23514");

    private RefusedContent() {}

    /** Whether {@code failure}, or one of its causes, is the database refusing a value. */
    public static boolean in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String state = cause instanceof DatabaseException database
                    ? database.getSqlState()
                    : cause instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null) {
                return state.startsWith("22") || REFUSED_VALUES.contains(state);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
