package io.gitopsflow.console.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Announces changes of the read model on a PostgreSQL notification channel, inside the transaction that made them:
 * PostgreSQL delivers a notification only when its transaction commits, so no listener hears of a change that was
 * rolled back, and every console instance hears of every change whichever instance projected it.
 */
@ApplicationScoped
public class ChangeRepository {

    /** The channel every console instance listens on. */
    public static final String CHANNEL = "console_changes";

    /** PostgreSQL refuses a payload of 8000 bytes or more. */
    public static final int MAX_PAYLOAD_BYTES = 7999;

    // one round trip for a whole poll's changes, in their order
    private static final String NOTIFY = "select pg_notify('" + CHANNEL + "', payload)"
            + " from unnest(?::text[]) with ordinality as change(payload, position) order by position";

    /** Notifies {@link #CHANNEL} of each of {@code payloads} when {@code connection}'s transaction commits. */
    public void announce(Connection connection, List<String> payloads) throws SQLException {
        if (payloads.isEmpty()) {
            return;
        }
        Array array = connection.createArrayOf("text", payloads.toArray());
        try (PreparedStatement statement = connection.prepareStatement(NOTIFY)) {
            statement.setArray(1, array);
            statement.execute();
        } finally {
            array.free();
        }
    }
}
