package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.SourceCommit;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The {@code build} table: each build of a commit by build-worker, from its start to its end. The events of one build
 * may arrive in any order (its start after its end, after a redelivery): the end with the latest time decides the
 * outcome, and a start never moves a finished build back to running.
 */
@ApplicationScoped
public class BuildRepository {

    // a finished build is finished again only by a later end (a build tried again ends once more)
    private static final String FINISH = "insert into build as b (build_id, repository, commit_sha, ref, finished_at,"
            + " outcome, failed_step, reason, image, digest, checkout_millis, build_millis, push_millis, total_millis)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (build_id) do update set"
            + " ref = coalesce(excluded.ref, b.ref), finished_at = excluded.finished_at, outcome = excluded.outcome,"
            + " failed_step = excluded.failed_step, reason = excluded.reason, image = excluded.image,"
            + " digest = excluded.digest, checkout_millis = excluded.checkout_millis,"
            + " build_millis = excluded.build_millis, push_millis = excluded.push_millis,"
            + " total_millis = excluded.total_millis"
            + " where b.finished_at is null or b.finished_at < excluded.finished_at";

    // a start fills the build's queue and start times from its latest attempt; the outcome is left alone, so a start
    // that arrives after the end (or a redelivered older attempt) never makes a finished build running again
    private static final String START = "insert into build as b (build_id, repository, commit_sha, ref, attempt,"
            + " queued_at, started_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (build_id) do update set"
            + " ref = coalesce(b.ref, excluded.ref), attempt = excluded.attempt, queued_at = excluded.queued_at,"
            + " started_at = excluded.started_at where b.attempt is null or b.attempt < excluded.attempt";

    /** The build {@code start} names was taken from the queue (for its {@code attempt}th time). */
    public void started(Connection connection, BuildStarted start) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(START)) {
            statement.setString(1, start.buildId());
            statement.setString(2, start.source().repository());
            statement.setString(3, start.source().commit());
            statement.setString(4, start.source().ref());
            statement.setInt(5, start.attempt());
            statement.setTimestamp(6, timestamp(start.queuedAt()));
            statement.setTimestamp(7, timestamp(start.startedAt()));
            statement.executeUpdate();
        }
    }

    /** The build that made {@code image} succeeded (the image was built by build-worker from a known commit). */
    public void succeeded(Connection connection, ImagePublished image) throws SQLException {
        finish(
                connection,
                image.buildId(),
                image.source(),
                image.publishedAt(),
                new Outcome("succeeded", null, null),
                image,
                image.durations());
    }

    /** The build {@code failure} names failed at a step, for a reason. */
    public void failed(Connection connection, BuildFailed failure) throws SQLException {
        finish(
                connection,
                failure.buildId(),
                failure.source(),
                failure.failedAt(),
                new Outcome("failed", failure.failedStep(), failure.reason()),
                null,
                failure.durations());
    }

    private static void finish(
            Connection connection,
            String buildId,
            SourceCommit source,
            Instant finishedAt,
            Outcome outcome,
            ImagePublished image,
            BuildDurations durations)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FINISH)) {
            statement.setString(1, buildId);
            statement.setString(2, source.repository());
            statement.setString(3, source.commit());
            statement.setString(4, source.ref());
            statement.setTimestamp(5, timestamp(finishedAt));
            statement.setString(6, outcome.outcome());
            statement.setString(7, outcome.failedStep());
            statement.setString(8, outcome.reason());
            statement.setString(9, image == null ? null : image.imageRepository());
            statement.setString(10, image == null ? null : image.digest());
            setDurations(statement, 11, durations);
            statement.executeUpdate();
        }
    }

    /** How a build ended: {@code succeeded}, or {@code failed} at a step for a reason. */
    private record Outcome(String outcome, String failedStep, String reason) {}

    /** Sets the four duration columns from {@code index} on, null when the event gave none. */
    static void setDurations(PreparedStatement statement, int index, BuildDurations durations) throws SQLException {
        if (durations == null) {
            for (int i = 0; i < 4; i++) {
                statement.setNull(index + i, Types.BIGINT);
            }
            return;
        }
        statement.setLong(index, durations.checkoutMillis());
        statement.setLong(index + 1, durations.buildMillis());
        statement.setLong(index + 2, durations.pushMillis());
        statement.setLong(index + 3, durations.totalMillis());
    }
}
