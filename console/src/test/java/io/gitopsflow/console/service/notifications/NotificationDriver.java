package io.gitopsflow.console.service.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.repository.ReadModelSessions;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.ProjectedEvent;
import io.gitopsflow.console.service.ReadModelSchema;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Hands events to the notification observer as the live projection does (in a read-model transaction, committed), and
 * reads the notification table back. Until the promotion and analysis projectors are on main, the console refuses
 * promotion-updated and analysis-completed records, so the tests cannot go through the broker yet.
 */
final class NotificationDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMIT = "c".repeat(40);

    private final NotificationObserver observer;
    private final ReadModelSessions sessions;
    private final AgroalDataSource database;

    NotificationDriver(NotificationObserver observer, ReadModelSessions sessions, AgroalDataSource database) {
        this.observer = observer;
        this.sessions = sessions;
        this.database = database;
    }

    /** Projects {@code data} as a new event; returns it. */
    ProjectedEvent project(GitopsFlowEvent data) {
        ProjectedEvent event = event(data);
        projectAgain(event);
        return event;
    }

    /** Hands {@code data} to the observer in {@code connection}'s transaction, left open (another instance's poll). */
    void projectIn(Connection connection, GitopsFlowEvent data) throws SQLException {
        observer.projected(List.of(event(data)), connection);
    }

    /** How many notifications were queued for {@code receiver} about {@code promotion}. */
    int count(String receiver, String promotion) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from notification where receiver = ? and promotion_id = ?")) {
            statement.setString(1, receiver);
            statement.setString(2, promotion);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a transaction waits for an advisory lock another one holds. */
    boolean someoneWaitsForAnAdvisoryLock() {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from pg_locks where locktype = 'advisory' and not granted");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProjectedEvent event(GitopsFlowEvent data) {
        EventEnvelope<?> envelope = data instanceof PromotionUpdated update
                ? new EventEnvelope<>(attributes(EventType.PROMOTION_UPDATED, update), update)
                : new EventEnvelope<>(
                        attributes(EventType.ANALYSIS_COMPLETED, (AnalysisCompleted) data), (AnalysisCompleted) data);
        return new ProjectedEvent(envelope, keys(data));
    }

    /** Hands {@code event} to the observer (again: a redelivery that reached it). */
    void projectAgain(ProjectedEvent event) {
        try (Connection connection = sessions.open(ReadModelSchema.LIVE)) {
            observer.projected(List.of(event), connection);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pipeline's definition says {@code stage} needs {@code approvals} approvals. */
    void defineStage(String project, String stage, int approvals) {
        String definition = "{\"project\":\"" + project + "\",\"stages\":[{\"name\":\"" + stage
                + "\",\"requiredApprovals\":" + approvals + "}]}";
        update(
                "insert into pipeline (project, warehouse, removed, definition, fingerprint, configured_at)"
                        + " values (?, 'books', false, cast(? as jsonb), 'f', now()) on conflict (project) do update"
                        + " set definition = excluded.definition, removed = false",
                project,
                definition);
    }

    /** The CloudEvent in structured mode, as a webhook receiver should get it. */
    String structured(ProjectedEvent event) {
        CloudEventAttributes attributes = event.event().attributes();
        ObjectNode json = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", attributes.id())
                .put("source", attributes.source().toString())
                .put("type", attributes.type())
                .put("subject", attributes.subject())
                .put("time", attributes.time().toString())
                .put("datacontenttype", "application/json")
                .put("correlationid", attributes.correlationId());
        try {
            json.set("data", JSON.readTree(EventCodec.encode(event.event().data())));
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String status(String receiver, String promotion) {
        return one("status", receiver, promotion);
    }

    int attempts(String receiver, String promotion) {
        return Integer.parseInt(one("attempts", receiver, promotion));
    }

    String lastError(String receiver, String promotion) {
        return one("last_error", receiver, promotion);
    }

    private String one(String column, String receiver, String promotion) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select " + column + " from notification where receiver = ? and promotion_id = ?")) {
            statement.setString(1, receiver);
            statement.setString(2, promotion);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, String... values) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends GitopsFlowEvent> CloudEventAttributes attributes(EventType<T> type, T data) {
        return CloudEventAttributes.newEvent(type, data, KafkaTestClient.TEST_SOURCE, COMMIT, null);
    }

    private static EventKeys keys(GitopsFlowEvent data) {
        if (data instanceof PromotionUpdated update) {
            return new EventKeys(
                    update.updatedAt(),
                    COMMIT,
                    update.project(),
                    update.stage(),
                    update.promotionId(),
                    update.freightId());
        }
        AnalysisCompleted verdict = (AnalysisCompleted) data;
        return new EventKeys(
                verdict.completedAt(),
                COMMIT,
                verdict.project(),
                verdict.stage(),
                verdict.promotionId(),
                verdict.freightId());
    }
}
