package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The {@code approval} table: who approved or rejected which promotion, and when. A reviewer's decision is kept once;
 * the same decision seen twice keeps the earliest, in any order.
 */
@ApplicationScoped
public class ApprovalRepository {

    private static final String UPSERT = "insert into approval as a (promotion_id, actor, decision, decided_at, reason)"
            + " values (?, ?, ?, ?, ?) on conflict (promotion_id, actor, decision) do update set"
            + " decided_at = excluded.decided_at, reason = excluded.reason where excluded.decided_at < a.decided_at";

    /** Records that {@code actor} made {@code decision} ({@code approved}, {@code rejected}) on the promotion. */
    public void decided(
            Connection connection, String promotionId, String actor, String decision, Instant decidedAt, String reason)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, promotionId);
            statement.setString(2, actor);
            statement.setString(3, decision);
            statement.setTimestamp(4, timestamp(decidedAt));
            statement.setString(5, reason);
            statement.executeUpdate();
        }
    }
}
