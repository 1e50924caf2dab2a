package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import io.gitopsflow.events.ManifestUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The {@code manifest_write} table: gitops-writer's answer to each write request of a promotion. It needs no
 * promotion row: a write may be known before the promotion that asked for it.
 */
@ApplicationScoped
public class ManifestWriteRepository {

    // a request answered twice keeps its latest answer; an older one redelivered changes nothing
    private static final String UPSERT = "insert into manifest_write as w (request_id, promotion_id, project, stage,"
            + " status, commit, pull_request_url, reason, batch_size, updated_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (request_id) do update set"
            + " status = excluded.status, commit = excluded.commit, pull_request_url = excluded.pull_request_url,"
            + " reason = excluded.reason, batch_size = excluded.batch_size, updated_at = excluded.updated_at"
            + " where w.updated_at < excluded.updated_at";

    /** Records the answer {@code write}, unless a later answer to its request is known. */
    public void updated(Connection connection, ManifestUpdated write) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, write.requestId());
            statement.setString(2, write.promotionId());
            statement.setString(3, write.project());
            statement.setString(4, write.stage());
            statement.setString(
                    5, write.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            statement.setString(6, write.commit());
            statement.setString(7, write.pullRequestUrl());
            statement.setString(8, write.reason());
            statement.setInt(9, write.batchSize());
            statement.setTimestamp(10, timestamp(write.updatedAt()));
            statement.executeUpdate();
        }
    }
}
