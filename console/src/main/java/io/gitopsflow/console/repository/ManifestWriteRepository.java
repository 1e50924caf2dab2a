package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import io.gitopsflow.events.ManifestUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The {@code manifest_write} table: gitops-writer's answer to each write request of a promotion, with what it changed
 * where (target, previous and new value). It needs no promotion row: a write may be known before the promotion that
 * asked for it.
 */
@ApplicationScoped
public class ManifestWriteRepository {

    // a request answered twice keeps its latest answer; an older one redelivered changes nothing
    private static final String UPSERT = "insert into manifest_write as w (request_id, promotion_id, project, stage,"
            + " status, commit, pull_request_url, reason, batch_size, updated_at, repository_url, branch, path, field,"
            + " previous_value, new_value) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (request_id) do update set"
            + " status = excluded.status, commit = excluded.commit, pull_request_url = excluded.pull_request_url,"
            + " reason = excluded.reason, batch_size = excluded.batch_size, updated_at = excluded.updated_at,"
            + " repository_url = excluded.repository_url, branch = excluded.branch, path = excluded.path,"
            + " field = excluded.field, previous_value = excluded.previous_value, new_value = excluded.new_value"
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
            statement.setString(11, write.target().repositoryUrl());
            statement.setString(12, write.target().branch());
            statement.setString(13, write.target().path());
            statement.setString(14, write.target().field());
            statement.setString(15, write.previousValue());
            statement.setString(16, write.newValue());
            statement.executeUpdate();
        }
    }
}
