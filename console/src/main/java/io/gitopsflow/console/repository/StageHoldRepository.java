package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The {@code stage_hold} table: whether a stage's auto-promotion is held, by whom and why. The latest change wins
 * whatever order the changes arrive in; a hold set and released at the same instant counts as released.
 */
@ApplicationScoped
public class StageHoldRepository {

    private static final String UPSERT = "insert into stage_hold as h (project, stage, held, actor, reason, changed_at)"
            + " values (?, ?, ?, ?, ?, ?) on conflict (project, stage) do update set held = excluded.held,"
            + " actor = excluded.actor, reason = excluded.reason, changed_at = excluded.changed_at"
            + " where h.changed_at < excluded.changed_at or (h.changed_at = excluded.changed_at and not excluded.held)";

    /** Records that the stage's auto-promotion was held ({@code held}) or released at {@code changedAt}. */
    public void changed(
            Connection connection,
            String project,
            String stage,
            boolean held,
            String actor,
            String reason,
            Instant changedAt)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, project);
            statement.setString(2, stage);
            statement.setBoolean(3, held);
            statement.setString(4, actor);
            statement.setString(5, reason);
            statement.setTimestamp(6, timestamp(changedAt));
            statement.executeUpdate();
        }
    }
}
