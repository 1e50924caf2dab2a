package io.gitopsflow.console.repository;

import io.gitopsflow.console.api.NotificationDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code notification} table as the projection fills it (in the poll's transaction) and as the REST API lists it,
 * and what the notifications read from the read model (a stage's approvals, from its pipeline's definition).
 */
@ApplicationScoped
public class NotificationRepository {

    /** A notification to queue. */
    public record Queued(
            String id,
            String rule,
            String receiver,
            String trigger,
            String dedupeKey,
            String eventId,
            String eventType,
            String project,
            String stage,
            String promotionId,
            String commit,
            Instant occurredAt,
            String contentType,
            String body) {}

    private static final String QUEUE = "insert into notification (id, rule, receiver, trigger, dedupe_key, event_id,"
            + " event_type, project, stage, promotion_id, commit_sha, occurred_at, content_type, body)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";
    // a definition's requiredApprovals that is not a number counts as none rather than failing the poll
    private static final String APPROVALS = "select coalesce(bool_or(case when jsonb_typeof(s->'requiredApprovals')"
            + " = 'number' then (s->>'requiredApprovals')::numeric > 0 else false end), false)"
            + " from pipeline p cross join lateral jsonb_array_elements(case when jsonb_typeof(p.definition->'stages')"
            + " = 'array' then p.definition->'stages' else '[]'::jsonb end) s"
            + " where p.project = ? and not p.removed and s->>'name' = ? having count(*) > 0";
    private static final String SAME_FAILURE = "select 1 from notification where rule = ? and receiver = ?"
            + " and promotion_id = ? and trigger = ? and occurred_at between ? and ? limit 1";
    // held until the transaction ends: another instance deciding the same failure waits, then sees this one's row
    private static final String SAME_FAILURE_LOCK = "select pg_advisory_xact_lock(hashtextextended(?, 0))";
    private static final String RECENT = "select id, rule, receiver, trigger, project, stage, promotion_id, commit_sha,"
            + " event_id, event_type, occurred_at, created_at, status, attempts, last_attempt_at, next_attempt_at,"
            + " last_status_code, last_error, sent_at from notification where (cast(? as text) is null or project = ?)"
            + " order by created_at desc, id limit ?";

    /**
     * Queues {@code notification} unless it is queued already (a redelivered event, or an outcome told once).
     *
     * @return whether it was queued now
     */
    public boolean queue(Connection connection, Queued notification) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(QUEUE)) {
            statement.setString(1, notification.id());
            statement.setString(2, notification.rule());
            statement.setString(3, notification.receiver());
            statement.setString(4, notification.trigger());
            statement.setString(5, notification.dedupeKey());
            statement.setString(6, notification.eventId());
            statement.setString(7, notification.eventType());
            statement.setString(8, notification.project());
            statement.setString(9, notification.stage());
            statement.setString(10, notification.promotionId());
            statement.setString(11, notification.commit());
            statement.setTimestamp(12, Timestamp.from(notification.occurredAt()));
            statement.setString(13, notification.contentType());
            statement.setString(14, notification.body());
            return statement.executeUpdate() == 1;
        }
    }

    /** Whether {@code stage} of {@code project} requires approvals; empty when no definition of it is known. */
    public Optional<Boolean> stageRequiresApprovals(Connection connection, String project, String stage)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(APPROVALS)) {
            statement.setString(1, project);
            statement.setString(2, stage);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBoolean(1)) : Optional.empty();
            }
        }
    }

    /**
     * Takes, until the transaction ends, the right to decide whether this outcome of the promotion is told to this
     * rule's receiver: a console instance projecting the verdict and another projecting the phase change it caused at
     * the same moment would each miss the other's uncommitted row in {@link #queuedNear} and both queue a message.
     */
    public void lockSameFailure(Connection connection, String rule, String receiver, String promotionId, String trigger)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SAME_FAILURE_LOCK)) {
            statement.setString(1, String.join("\n", "notification", rule, receiver, promotionId, trigger));
            statement.executeQuery().close();
        }
    }

    /** Whether the same outcome of the promotion went to this rule's receiver within {@code within} of {@code at}. */
    public boolean queuedNear(
            Connection connection,
            String rule,
            String receiver,
            String promotionId,
            String trigger,
            Instant at,
            Duration within)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SAME_FAILURE)) {
            statement.setString(1, rule);
            statement.setString(2, receiver);
            statement.setString(3, promotionId);
            statement.setString(4, trigger);
            statement.setTimestamp(5, Timestamp.from(at.minus(within)));
            statement.setTimestamp(6, Timestamp.from(at.plus(within)));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The {@code limit} notifications queued last, of {@code pipeline} or of every pipeline (null). */
    public List<NotificationDelivery> recent(Connection connection, String pipeline, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RECENT)) {
            statement.setString(1, pipeline);
            statement.setString(2, pipeline);
            statement.setInt(3, limit);
            List<NotificationDelivery> deliveries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    deliveries.add(delivery(rows));
                }
            }
            return deliveries;
        }
    }

    private static NotificationDelivery delivery(ResultSet rows) throws SQLException {
        String status = rows.getString("status");
        boolean open = "queued".equals(status) || "sending".equals(status);
        Integer code = nullableCode(rows);
        return new NotificationDelivery(
                rows.getString("id"),
                rows.getString("rule"),
                rows.getString("receiver"),
                rows.getString("trigger"),
                rows.getString("project"),
                rows.getString("stage"),
                rows.getString("promotion_id"),
                rows.getString("commit_sha"),
                rows.getString("event_id"),
                rows.getString("event_type"),
                instant(rows, "occurred_at"),
                instant(rows, "created_at"),
                status,
                rows.getInt("attempts"),
                instant(rows, "last_attempt_at"),
                open ? instant(rows, "next_attempt_at") : null,
                code,
                rows.getString("last_error"),
                instant(rows, "sent_at"));
    }

    private static Integer nullableCode(ResultSet rows) throws SQLException {
        int code = rows.getInt("last_status_code");
        return rows.wasNull() ? null : code;
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
