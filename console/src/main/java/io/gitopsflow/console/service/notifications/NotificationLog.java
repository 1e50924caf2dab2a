package io.gitopsflow.console.service.notifications;

import io.gitopsflow.console.api.NotificationDelivery;
import io.gitopsflow.console.repository.NotificationRepository;
import io.gitopsflow.console.repository.ReadModelSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The recent notifications and how their delivery went, newest first. */
@ApplicationScoped
public class NotificationLog {

    private final ReadModelSessions sessions;
    private final NotificationRepository notifications;

    public NotificationLog(ReadModelSessions sessions, NotificationRepository notifications) {
        this.sessions = sessions;
        this.notifications = notifications;
    }

    /** The {@code limit} notifications queued last, of {@code pipeline} (or of every pipeline when null). */
    public List<NotificationDelivery> recent(String pipeline, int limit) throws SQLException {
        try (Connection connection = sessions.read()) {
            return notifications.recent(connection, pipeline, limit);
        }
    }
}
