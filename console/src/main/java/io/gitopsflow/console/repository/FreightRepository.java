package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import io.gitopsflow.events.FreightCreated;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The {@code freight} table: each immutable Freight a Warehouse made, with its artifacts and commit. */
@ApplicationScoped
public class FreightRepository {

    // a Freight never changes: the first word on it is the only one
    private static final String INSERT = "insert into freight (freight_id, project, warehouse, alias, images,"
            + " charts, commits, commit_sha, created_at)"
            + " values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?, ?)"
            + " on conflict (freight_id) do nothing";

    /** Records {@code freight} unless it is known already. */
    public void created(Connection connection, FreightCreated freight) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, freight.freightId());
            statement.setString(2, freight.project());
            statement.setString(3, freight.warehouse());
            statement.setString(4, freight.alias());
            statement.setString(5, Json.of(freight.images()));
            statement.setString(6, Json.of(freight.charts()));
            statement.setString(7, Json.of(freight.commits()));
            statement.setString(8, freight.sourceCommit());
            statement.setTimestamp(9, timestamp(freight.createdAt()));
            statement.executeUpdate();
        }
    }
}
