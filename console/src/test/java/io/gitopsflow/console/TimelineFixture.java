package io.gitopsflow.console;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Files events under one commit straight into the read model, as the projection would have (the projectors of most
 * types are written elsewhere): a {@code flow_event} row per event, each in its own transaction so that events of one
 * instant keep the order they were filed in, and the {@code commit_push} row of a push.
 */
public final class TimelineFixture {

    private static final String EVENT = "insert into flow_event (event_id, type, topic, occurred_at, commit_sha,"
            + " project, stage, promotion_id, freight_id, subject, data)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))";
    private static final String PUSH = "insert into commit_push (commit_sha, repository, ref, message, author,"
            + " committed_at, received_at, delivery_id, provider) values (?, ?, ?, ?, ?, ?, ?, ?, 'gitea')";

    private final AgroalDataSource database;
    private final String commit;
    // ids in filing order: events of one instant stored in one microsecond still sort as they were filed
    private int filed;

    public TimelineFixture(AgroalDataSource database, String commit) {
        this.database = database;
        this.commit = commit;
    }

    /** The push of the commit: its {@code commit_push} row and its event. */
    public void pushed(CommitPushed push) throws SQLException {
        CommitPushed.Commit head = push.headCommit().orElseThrow();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(PUSH)) {
            statement.setString(1, commit);
            statement.setString(2, push.repository().fullName());
            statement.setString(3, push.ref());
            statement.setString(4, head.message());
            statement.setString(5, head.author().name());
            statement.setTimestamp(6, Timestamp.from(head.timestamp()));
            statement.setTimestamp(7, Timestamp.from(push.receivedAt()));
            statement.setString(8, push.deliveryId());
            statement.executeUpdate();
        }
        file(EventType.COMMIT_PUSHED, push, push.receivedAt(), null, null, null, null);
    }

    /** An event of no pipeline (a build, an image), filed under the commit. */
    public <T extends GitopsFlowEvent> void file(EventType<T> type, T event, Instant occurredAt) throws SQLException {
        file(type, event, occurredAt, null, null, null, null);
    }

    /** An event filed under the commit and the pipeline, stage, promotion and Freight it names. */
    <T extends GitopsFlowEvent> void file(
            EventType<T> type,
            T event,
            Instant occurredAt,
            String project,
            String stage,
            String promotionId,
            String freightId)
            throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(EVENT)) {
            statement.setString(1, "%s-%04d".formatted(commit, ++filed));
            statement.setString(2, type.cloudEventType());
            statement.setString(3, type.topic());
            statement.setTimestamp(4, Timestamp.from(occurredAt));
            statement.setString(5, commit);
            statement.setString(6, project);
            statement.setString(7, stage);
            statement.setString(8, promotionId);
            statement.setString(9, freightId);
            statement.setString(10, event.subject());
            statement.setString(11, new String(EventCodec.encode(event), StandardCharsets.UTF_8));
            statement.executeUpdate();
        }
    }
}
