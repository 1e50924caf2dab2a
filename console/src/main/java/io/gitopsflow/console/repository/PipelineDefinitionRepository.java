package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import io.gitopsflow.events.PipelineConfigured;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes the {@code pipeline} table (which {@link PipelineRepository} reads for the board): each pipeline's definition
 * in force, as the contract writes it (the {@code pipeline-configured} data as JSON). The newest
 * {@code configuredAt} wins whatever order the definitions arrive in (at the same instant, the greater fingerprint, so
 * the order never decides).
 */
@ApplicationScoped
public class PipelineDefinitionRepository {

    private static final String UPSERT = "insert into pipeline as p (project, warehouse, removed, definition,"
            + " fingerprint, configured_at) values (?, ?, ?, cast(? as jsonb), ?, ?) on conflict (project) do update"
            + " set warehouse = excluded.warehouse, removed = excluded.removed, definition = excluded.definition,"
            + " fingerprint = excluded.fingerprint, configured_at = excluded.configured_at"
            + " where p.configured_at < excluded.configured_at"
            + " or (p.configured_at = excluded.configured_at and p.fingerprint < excluded.fingerprint)";

    /** Records {@code pipeline}'s definition unless a newer one is known. */
    public void configured(Connection connection, PipelineConfigured pipeline) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, pipeline.project());
            statement.setString(
                    2,
                    pipeline.warehouse() == null ? null : pipeline.warehouse().name());
            statement.setBoolean(3, pipeline.removed());
            statement.setString(4, Json.of(pipeline));
            statement.setString(5, pipeline.fingerprint());
            statement.setTimestamp(6, timestamp(pipeline.configuredAt()));
            statement.executeUpdate();
        }
    }
}
