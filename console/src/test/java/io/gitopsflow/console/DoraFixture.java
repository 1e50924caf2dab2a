package io.gitopsflow.console;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A scripted history written straight into the read model's rows (pipeline, commit_push, freight, promotion) with known
 * times, so a DORA test knows its exact figures without depending on the projectors. One fixture per pipeline.
 */
public final class DoraFixture {

    private final AgroalDataSource database;
    private final String pipeline;

    public DoraFixture(AgroalDataSource database, String pipeline) {
        this.database = database;
        this.pipeline = pipeline;
    }

    /** The pipeline's definition: each stage as {@code name} or {@code name<upstream,upstream>}. */
    public DoraFixture defined(String... stages) throws SQLException {
        String json = List.of(stages).stream().map(DoraFixture::stageJson).collect(Collectors.joining(",", "[", "]"));
        execute(
                "insert into pipeline (project, warehouse, removed, definition, fingerprint, configured_at)"
                        + " values (?, 'images', false, cast(? as jsonb), ?, now())",
                pipeline,
                "{\"project\":\"" + pipeline + "\",\"stages\":" + json + "}",
                "0".repeat(64));
        return this;
    }

    /** A change: a commit pushed at {@code committedAt} (unless null) and its Freight created at {@code createdAt}. */
    public Change change(Instant committedAt, Instant createdAt) throws SQLException {
        Change change = new Change(FlowEvents.sha(), FlowEvents.sha());
        if (committedAt != null) {
            execute(
                    "insert into commit_push (commit_sha, repository, ref, committed_at, received_at, delivery_id,"
                            + " provider) values (?, 'acme/app', 'refs/heads/main', ?, ?, ?, 'gitea')",
                    change.commit(),
                    committedAt,
                    committedAt,
                    "delivery-" + change.commit());
        }
        execute(
                "insert into freight (freight_id, project, warehouse, alias, images, commit_sha, created_at)"
                        + " values (?, ?, 'images', 'brave-otter', '[]'::jsonb, ?, ?)",
                change.freight(),
                pipeline,
                change.commit(),
                createdAt);
        return change;
    }

    /** A promotion of {@code change} into {@code stage} verified at {@code verifiedAt} (a deployment). */
    public void deployed(String stage, Change change, Instant verifiedAt) throws SQLException {
        promotion(
                stage,
                change,
                false,
                "Succeeded",
                verifiedAt.minusSeconds(300),
                verifiedAt.minusSeconds(120),
                verifiedAt,
                verifiedAt);
    }

    /** A rollback to {@code change} into {@code stage}, asked for at {@code startedAt}, verified at {@code verifiedAt}. */
    public void rolledBack(String stage, Change change, Instant startedAt, Instant verifiedAt) throws SQLException {
        promotion(stage, change, true, "Succeeded", startedAt, verifiedAt.minusSeconds(60), verifiedAt, verifiedAt);
    }

    /** A promotion of {@code change} the stage ran (written and healthy) that failed its verification at {@code at}. */
    public void failedVerification(String stage, Change change, Instant at) throws SQLException {
        promotion(stage, change, false, "Failed", at.minusSeconds(900), at.minusSeconds(600), null, at);
    }

    /** A promotion of {@code change} that failed before the stage ran it (its write failed) at {@code at}. */
    public void failedWrite(String stage, Change change, Instant at) throws SQLException {
        promotion(stage, change, false, "Failed", at.minusSeconds(60), null, null, at);
    }

    private void promotion(
            String stage,
            Change change,
            boolean rollback,
            String phase,
            Instant createdAt,
            Instant promotedAt,
            Instant verifiedAt,
            Instant finishedAt)
            throws SQLException {
        execute(
                "insert into promotion (promotion_id, project, stage, freight_id, freight_alias, commit_sha, rollback,"
                        + " phase, phase_at, phase_rank, created_at, created_by, requested_at, promoted_at,"
                        + " verified_at, finished_at) values (?, ?, ?, ?, 'brave-otter', ?, ?, ?, ?, 9, ?, 'ada', ?, ?,"
                        + " ?, ?)",
                UUID.randomUUID().toString(),
                pipeline,
                stage,
                change.freight(),
                change.commit(),
                rollback,
                phase,
                finishedAt,
                createdAt,
                createdAt,
                promotedAt,
                verifiedAt,
                finishedAt);
    }

    private void execute(String sql, Object... values) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i];
                statement.setObject(i + 1, value);
            }
            statement.executeUpdate();
        }
    }

    private static String stageJson(String stage) {
        int open = stage.indexOf('<');
        String name = open < 0 ? stage : stage.substring(0, open);
        String upstream = open < 0
                ? ""
                : List.of(stage.substring(open + 1, stage.length() - 1).split(",")).stream()
                        .map(source -> "\"" + source + "\"")
                        .collect(Collectors.joining(","));
        return "{\"name\":\"" + name + "\",\"upstream\":[" + upstream + "],\"fromWarehouse\":" + (open < 0) + "}";
    }

    /** A commit and the Freight built from it. */
    public record Change(String commit, String freight) {}
}
