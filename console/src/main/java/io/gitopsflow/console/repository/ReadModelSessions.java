package io.gitopsflow.console.repository;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.service.ReadModelSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens a transaction on a read model schema: the live one or one a replay rebuilds. Every statement of the
 * repositories runs on the connection it gives, so the same projection writes either.
 */
@ApplicationScoped
public class ReadModelSessions {

    private final AgroalDataSource dataSource;

    public ReadModelSessions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A connection in a new transaction whose statements resolve tables in {@code schema}. */
    public Connection open(ReadModelSchema schema) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // the name is a checked identifier (ReadModelSchema): it cannot carry SQL
                statement.execute("set local search_path to " + schema.name());
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** A read-only connection on the live read model, for queries. */
    public Connection read() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setReadOnly(true);
        return connection;
    }

    /**
     * Whether {@code failure} says the statement's content is wrong (a data exception, an integrity violation) rather
     * than that the database is away: SQLSTATE classes 22 and 23.
     */
    public static boolean isContentError(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
