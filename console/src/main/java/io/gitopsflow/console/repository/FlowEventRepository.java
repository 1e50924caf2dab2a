package io.gitopsflow.console.repository;

import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/** The {@code flow_event} table: every event the console read, once, filed under what it concerns. */
@ApplicationScoped
public class FlowEventRepository {

    private static final String STORE = "insert into flow_event (event_id, type, topic, occurred_at, commit_sha,"
            + " project, stage, promotion_id, freight_id, subject, data, identity) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " cast(? as jsonb), ?) on conflict do nothing";
    private static final String FILE_UNDER_COMMIT =
            "update flow_event set commit_sha = ? where promotion_id = ? and commit_sha is null";
    private static final String PROMOTION_COMMIT =
            "select commit_sha from promotion where promotion_id = ? and commit_sha is not null";
    private static final String FREIGHT_COMMIT =
            "select commit_sha from freight where freight_id = ? and commit_sha is not null";

    /**
     * Stores {@code event} unless an event of its id, or of its type and {@code identity}, is stored already.
     *
     * @return whether it was stored now (false: a redelivery or a duplicate, to be ignored)
     */
    public boolean store(
            Connection connection, String topic, EventEnvelope<?> event, byte[] value, EventKeys keys, String identity)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STORE)) {
            statement.setString(1, event.attributes().id());
            statement.setString(2, event.attributes().type());
            statement.setString(3, topic);
            statement.setTimestamp(4, Timestamp.from(keys.occurredAt()));
            statement.setString(5, keys.commitSha());
            statement.setString(6, keys.project());
            statement.setString(7, keys.stage());
            statement.setString(8, keys.promotionId());
            statement.setString(9, keys.freightId());
            statement.setString(10, event.attributes().subject());
            // the value as the producer wrote it: it was just decoded into this event, so it is the event's JSON
            statement.setString(11, new String(value, StandardCharsets.UTF_8));
            statement.setString(12, identity);
            return statement.executeUpdate() == 1;
        }
    }

    /** Files the events of {@code promotionId} that arrived before its commit was known under {@code commit}. */
    public void fileUnderCommit(Connection connection, String promotionId, String commit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FILE_UNDER_COMMIT)) {
            statement.setString(1, commit);
            statement.setString(2, promotionId);
            statement.executeUpdate();
        }
    }

    /** The commit of the promotion, else of the Freight, when the read model knows it. */
    public Optional<String> commitOf(Connection connection, String promotionId, String freightId) throws SQLException {
        Optional<String> commit =
                promotionId == null ? Optional.empty() : one(connection, PROMOTION_COMMIT, promotionId);
        return commit.isPresent() || freightId == null ? commit : one(connection, FREIGHT_COMMIT, freightId);
    }

    private static Optional<String> one(Connection connection, String query, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }
}
