package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.PipelineRepository.instant;

import io.gitopsflow.console.api.FreightEntry;
import io.gitopsflow.console.api.FreightSummary;
import io.gitopsflow.console.api.PromotionDetail;
import io.gitopsflow.console.api.PromotionEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline's promotions a page at a time, newest first (keyset on the creation, else the first phase change, and the
 * id: {@code promotion_project_created}, or {@code promotion_stage_created} for one stage), and one promotion whole:
 * its row, its GitOps writes, its analysis runs and the events recorded for it.
 */
@ApplicationScoped
public class PromotionQueryRepository {

    private static final String SORT = "coalesce(p.created_at, p.phase_at)";
    // package-private: ReadModelQueriesIT may explain them
    static final String LIST = "select p.promotion_id, p.stage, p.phase, nullif(p.phase_at, timestamptz '-infinity'),"
            + " p.freight_id, coalesce(p.freight_alias, f.alias), coalesce(p.commit_sha, f.commit_sha), p.created_by,"
            + " p.created_at, p.rollback, p.reason, " + Keysets.text(SORT)
            + " from promotion p left join lateral (select alias, commit_sha from freight"
            + " where freight_id = p.freight_id limit 1) f on true where p.project = ?";
    static final String ONE_STAGE = " and p.stage = ?";
    static final String BEFORE = " and (" + SORT + ", p.promotion_id) < (cast(? as timestamptz), ?)";
    static final String NEWEST_FIRST = " order by " + SORT + " desc, p.promotion_id desc limit ?";
    static final String DETAIL = "select p.promotion_id, p.project, p.stage, p.freight_id,"
            + " coalesce(p.freight_alias, f.alias), " + FreightArtifacts.column("f") + ","
            + " coalesce(p.commit_sha, f.commit_sha), f.created_at,"
            + " c.message, c.author, p.phase, nullif(p.phase_at, timestamptz '-infinity'), p.reason, p.rollback,"
            + " p.created_by, p.created_at, p.requested_at, p.promoted_at, p.verified_at, p.finished_at"
            + " from promotion p left join freight f on f.freight_id = p.freight_id"
            + " left join commit_push c on c.commit_sha = coalesce(p.commit_sha, f.commit_sha)"
            + " where p.promotion_id = ?";
    static final String WRITES = "select request_id, status, commit, repository_url, branch, path, field,"
            + " previous_value, new_value, pull_request_url, reason, batch_size, updated_at from manifest_write"
            + " where promotion_id = ? order by updated_at, request_id";
    static final String RUNS = "select analysis_run_id, phase, message, metrics::text, started_at, completed_at"
            + " from analysis_run where promotion_id = ? order by completed_at, analysis_run_id";
    // flow_event has no index by promotion alone (V10 dropped it: it slowed every event's way in); a promotion's events
    // are those filed under its commit (flow_event_commit) and those not filed yet (flow_event_unfiled)
    private static final String EVENT_COLUMNS = "select event_id, type, topic, occurred_at, stored_at,"
            + " coalesce(data ->> 'change', data ->> 'status'), data ->> 'phase', data ->> 'previousPhase',"
            + " coalesce(data ->> 'actor', data ->> 'requestedBy'), coalesce(data ->> 'reason', data ->> 'message')"
            + " from flow_event";
    static final String EVENTS = EVENT_COLUMNS + " where commit_sha = ? and promotion_id = ? union all "
            + EVENT_COLUMNS + " where commit_sha is null and promotion_id = ?"
            + " order by 4, 5, 1 limit " + PromotionQueryRepository.MAX_EVENTS;

    /** More events than any promotion's real way has: a runaway loop of reverifies must not exhaust the memory. */
    public static final int MAX_EVENTS = 2_000;

    private final FreightArtifacts artifacts;
    private final AnalysisMetrics metrics;

    public PromotionQueryRepository(FreightArtifacts artifacts, AnalysisMetrics metrics) {
        this.artifacts = artifacts;
        this.metrics = metrics;
    }

    /** A promotion of a list, with its keyset as text for the next page's cursor. */
    public record PromotionRow(PromotionEntry entry, String cursorAt) {}

    /** A promotion's own row, before its writes, decisions, runs and events are read. */
    public record PromotionRecord(PromotionDetail head, String commitSha) {}

    /**
     * An event recorded for a promotion.
     *
     * @param previousPhase the phase a promotion-updated left, or null
     */
    public record RecordedEvent(PromotionDetail.AuditEntry entry, String previousPhase) {}

    /**
     * At most {@code limit} promotions of {@code project} (of {@code stage} when not null), newest first, older than the
     * keyset ({@code beforeAt}, {@code beforeId}) when {@code beforeAt} is not null.
     */
    public List<PromotionRow> page(
            Connection connection, String project, String stage, String beforeAt, String beforeId, int limit)
            throws SQLException {
        String query = LIST + (stage == null ? "" : ONE_STAGE) + (beforeAt == null ? "" : BEFORE) + NEWEST_FIRST;
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            int next = 1;
            statement.setString(next++, project);
            if (stage != null) {
                statement.setString(next++, stage);
            }
            if (beforeAt != null) {
                statement.setString(next++, beforeAt);
                statement.setString(next++, beforeId);
            }
            statement.setInt(next, limit);
            List<PromotionRow> page = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    page.add(new PromotionRow(
                            new PromotionEntry(
                                    row.getString(1),
                                    row.getString(2),
                                    row.getString(3),
                                    instant(row, 4),
                                    new PromotionEntry.FreightRef(row.getString(5), row.getString(6)),
                                    row.getString(7),
                                    row.getString(8),
                                    instant(row, 9),
                                    row.getBoolean(10),
                                    row.getString(11)),
                            row.getString(12)));
                }
            }
            return page;
        }
    }

    /** The promotion {@code promotionId}'s own row (its lists empty), if the read model knows it. */
    public Optional<PromotionRecord> find(Connection connection, String promotionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DETAIL)) {
            statement.setString(1, promotionId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String sha = row.getString(7);
                FreightArtifacts.Artifacts read = artifacts.read(row.getString(6));
                FreightSummary freight = new FreightSummary(
                        row.getString(4),
                        row.getString(5),
                        read.images(),
                        read.charts(),
                        read.commits(),
                        sha,
                        instant(row, 8));
                PromotionDetail head = new PromotionDetail(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        freight,
                        sha == null ? null : new FreightEntry.Commit(sha, row.getString(9), row.getString(10)),
                        row.getString(11),
                        instant(row, 12),
                        row.getString(13),
                        row.getBoolean(14),
                        row.getString(15),
                        instant(row, 16),
                        instant(row, 17),
                        instant(row, 18),
                        instant(row, 19),
                        instant(row, 20),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of());
                return Optional.of(new PromotionRecord(head, sha));
            }
        }
    }

    /** The GitOps writes of {@code promotionId}, each with its latest answer, oldest first. */
    public List<PromotionDetail.GitOpsWrite> writes(Connection connection, String promotionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(WRITES)) {
            statement.setString(1, promotionId);
            List<PromotionDetail.GitOpsWrite> writes = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    writes.add(new PromotionDetail.GitOpsWrite(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            row.getString(4),
                            row.getString(5),
                            row.getString(6),
                            row.getString(7),
                            row.getString(8),
                            row.getString(9),
                            row.getString(10),
                            row.getString(11),
                            row.getInt(12),
                            instant(row, 13)));
                }
            }
            return writes;
        }
    }

    /** The analysis runs of {@code promotionId} with their metrics, oldest first. */
    public List<PromotionDetail.Verification> runs(Connection connection, String promotionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RUNS)) {
            statement.setString(1, promotionId);
            List<PromotionDetail.Verification> runs = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    runs.add(new PromotionDetail.Verification(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            instant(row, 5),
                            instant(row, 6),
                            metrics.read(row.getString(4))));
                }
            }
            return runs;
        }
    }

    /**
     * The events recorded for {@code promotionId}, oldest first: those filed under {@code commitSha} (its commit, or
     * null when it names none) and those not filed under a commit yet.
     */
    public List<RecordedEvent> events(Connection connection, String promotionId, String commitSha) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(EVENTS)) {
            statement.setString(1, commitSha);
            statement.setString(2, promotionId);
            statement.setString(3, promotionId);
            List<RecordedEvent> events = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Instant at = instant(row, 4);
                    events.add(new RecordedEvent(
                            new PromotionDetail.AuditEntry(
                                    row.getString(1),
                                    row.getString(2),
                                    row.getString(3),
                                    at,
                                    row.getString(6),
                                    row.getString(7),
                                    row.getString(9),
                                    row.getString(10)),
                            row.getString(8)));
                }
            }
            return events;
        }
    }
}
