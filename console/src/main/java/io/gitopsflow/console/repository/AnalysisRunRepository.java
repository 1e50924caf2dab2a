package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import io.gitopsflow.events.AnalysisCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The {@code analysis_run} table: each verification of a promotion with its metric results (as the contract writes
 * them, JSON). A run completes once; it needs no promotion row, so it may be known before its promotion.
 */
@ApplicationScoped
public class AnalysisRunRepository {

    private static final String INSERT = "insert into analysis_run (analysis_run_id, promotion_id, project, stage,"
            + " freight_id, phase, message, metrics, started_at, completed_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?) on conflict (analysis_run_id) do nothing";

    /** Records the completed run {@code run} unless it is known already. */
    public void completed(Connection connection, AnalysisCompleted run) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, run.analysisRunId());
            statement.setString(2, run.promotionId());
            statement.setString(3, run.project());
            statement.setString(4, run.stage());
            statement.setString(5, run.freightId());
            // Argo's spelling (Successful, Failed, Error, Inconclusive), as the contract's JSON has it
            statement.setString(6, Json.of(run.phase()).replace("\"", ""));
            statement.setString(7, run.message());
            statement.setString(8, Json.of(run.metrics()));
            statement.setTimestamp(9, timestamp(run.startedAt()));
            statement.setTimestamp(10, timestamp(run.completedAt()));
            statement.executeUpdate();
        }
    }
}
