package io.gitopsflow.console.repository;

import io.gitopsflow.console.api.CommitHeader;
import io.gitopsflow.console.service.timeline.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A commit's timeline as stored: its push ({@code commit_push}) and every event filed under it ({@code flow_event}),
 * each with its Freight's alias and its promotion's start from the projected tables.
 */
@ApplicationScoped
public class TimelineRepository {

    /** More events than any commit's real way has: a runaway loop of reverifies must not exhaust the memory. */
    public static final int MAX_EVENTS = 10_000;

    private static final String HEADER = "select repository, ref, author, message, committed_at, received_at"
            + " from commit_push where commit_sha = ?";
    // the index flow_event_commit (commit_sha, occurred_at) serves the filter and the order
    private static final String EVENTS = "select e.event_id, e.type, e.occurred_at, e.stored_at, e.project, e.stage,"
            + " e.promotion_id, e.freight_id, f.alias, p.created_at, coalesce(p.rollback, false), e.data::text"
            + " from flow_event e"
            + " left join freight f on f.freight_id = e.freight_id"
            + " left join promotion p on p.promotion_id = e.promotion_id"
            + " where e.commit_sha = ? order by e.occurred_at, e.stored_at, e.event_id limit " + MAX_EVENTS;

    /** The push that brought {@code commit}, when the console saw it. */
    public Optional<CommitHeader> header(Connection connection, String commit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HEADER)) {
            statement.setString(1, commit);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CommitHeader(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        instant(row.getTimestamp(5)),
                        instant(row.getTimestamp(6))));
            }
        }
    }

    /** The events filed under {@code commit}, ordered by when they happened, then by when they were stored. */
    public List<StoredEvent> events(Connection connection, String commit) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(EVENTS)) {
            statement.setString(1, commit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    events.add(new StoredEvent(
                            row.getString(1),
                            row.getString(2),
                            instant(row.getTimestamp(3)),
                            instant(row.getTimestamp(4)),
                            row.getString(5),
                            row.getString(6),
                            row.getString(7),
                            row.getString(8),
                            row.getString(9),
                            instant(row.getTimestamp(10)),
                            row.getBoolean(11),
                            row.getString(12).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return events;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
