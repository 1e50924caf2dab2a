package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.PipelineRepository.instant;

import io.gitopsflow.console.api.FreightSummary;
import io.gitopsflow.console.api.PendingApproval;
import io.gitopsflow.console.api.PromotionSummary;
import io.gitopsflow.console.api.StageBoard;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of a pipeline's stages, for its board: one query per question for all the stages at once, each stage's
 * answer a top-1 on an index (V8) through a lateral join, so the board costs the same with ten promotions or ten
 * thousand.
 */
@ApplicationScoped
public class BoardRepository {

    // a promotion with its Freight's alias and commit from the freight table when the promotion did not carry them
    // a lateral top-1 keeps the Freight lookup a primary-key probe per promotion: a plain join may be planned as a hash
    // join over every Freight of the read model
    private static final String FREIGHT_OF_PROMOTION =
            " left join lateral (select alias, images, charts, commits, commit_sha, created_at"
                    + " from freight where freight_id = p.freight_id limit 1) f on true";
    private static final String PROMOTION_COLUMNS = "p.promotion_id, p.phase, p.freight_id,"
            + " coalesce(p.freight_alias, f.alias), coalesce(p.commit_sha, f.commit_sha), p.phase_at, p.created_by,"
            + " p.created_at, p.rollback, p.reason";
    // package-private: BoardLoadIT explains each query on a read model of the size
    static final String NEWEST_FREIGHT =
            "select f.freight_id, f.alias, " + FreightArtifacts.column("f") + ", f.commit_sha, f.created_at,"
                    + " f.warehouse from freight f where f.project = ? and (cast(? as text) is null or f.warehouse = ?)"
                    + " order by f.created_at desc limit 1";
    static final String CURRENT = "select s.stage, p.promotion_id, p.phase_at, p.freight_id,"
            + " coalesce(f.alias, p.freight_alias), " + FreightArtifacts.column("f") + ","
            + " coalesce(p.commit_sha, f.commit_sha), f.created_at,"
            + " a.analysis_run_id, a.phase, a.message, a.completed_at"
            + " from unnest(cast(? as text[])) as s(stage)"
            + " cross join lateral (select promotion_id, phase_at, freight_id, freight_alias, commit_sha from promotion"
            + " where project = ? and stage = s.stage and phase = 'Succeeded' order by phase_at desc limit 1) p"
            + FREIGHT_OF_PROMOTION
            + " left join lateral (select analysis_run_id, phase, message, completed_at from analysis_run"
            + " where promotion_id = p.promotion_id order by completed_at desc limit 1) a on true";
    static final String LATEST = "select s.stage, " + PROMOTION_COLUMNS
            + " from unnest(cast(? as text[])) as s(stage)"
            + " cross join lateral (select * from promotion where project = ? and stage = s.stage"
            + " order by coalesce(created_at, phase_at) desc limit 1) p"
            + FREIGHT_OF_PROMOTION;
    static final String HOLDS = "select stage, held, actor, reason, changed_at from stage_hold where project = ?";
    static final String PENDING = "select p.stage, " + PROMOTION_COLUMNS
            + " from promotion p" + FREIGHT_OF_PROMOTION
            + " where p.project = ? and p.phase = 'Pending'"
            + " order by p.stage, coalesce(p.created_at, p.phase_at), p.promotion_id limit 500";
    static final String DECISIONS = "select promotion_id, decision, actor, decided_at, reason from approval"
            + " where promotion_id = any (cast(? as text[])) order by decided_at, actor";

    private final FreightArtifacts artifacts;

    public BoardRepository(FreightArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    /**
     * The newest Freight of a Warehouse.
     *
     * @param warehouse the Warehouse it was made by
     */
    public record WarehouseFreight(String warehouse, FreightSummary freight) {}

    /** A stage's current Freight and the latest verification of the promotion that brought it. */
    public record CurrentState(StageBoard.Current current, StageBoard.Verification verification) {}

    /** A promotion of a stage. */
    public record StagePromotion(String stage, PromotionSummary promotion) {}

    /** A reviewer's decision on a promotion: {@code approved} or {@code rejected}. */
    public record ReviewDecision(String promotionId, String decision, PendingApproval.Decision made) {}

    /** The newest Freight of {@code project}'s Warehouse {@code warehouse} (any of its Warehouses when null). */
    public Optional<WarehouseFreight> newestFreight(Connection connection, String project, String warehouse)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(NEWEST_FREIGHT)) {
            statement.setString(1, project);
            statement.setString(2, warehouse);
            statement.setString(3, warehouse);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                FreightSummary freight = summary(
                        row.getString(1), row.getString(2), row.getString(3), row.getString(4), instant(row, 5));
                return Optional.of(new WarehouseFreight(row.getString(6), freight));
            }
        }
    }

    /** Each of {@code stages}' current Freight (its last Succeeded promotion), by stage; absent when none. */
    public Map<String, CurrentState> current(Connection connection, String project, List<String> stages)
            throws SQLException {
        Map<String, CurrentState> current = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(CURRENT)) {
            statement.setArray(1, connection.createArrayOf("text", stages.toArray()));
            statement.setString(2, project);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    FreightSummary freight = summary(
                            row.getString(4), row.getString(5), row.getString(6), row.getString(7), instant(row, 8));
                    String promotionId = row.getString(2);
                    StageBoard.Verification verification = row.getString(9) == null
                            ? null
                            : new StageBoard.Verification(
                                    row.getString(9),
                                    promotionId,
                                    row.getString(10),
                                    row.getString(11),
                                    instant(row, 12));
                    current.put(
                            row.getString(1),
                            new CurrentState(
                                    new StageBoard.Current(promotionId, instant(row, 3), freight), verification));
                }
            }
        }
        return current;
    }

    /** Each of {@code stages}' newest promotion (by creation), by stage; absent when none. */
    public Map<String, PromotionSummary> latest(Connection connection, String project, List<String> stages)
            throws SQLException {
        Map<String, PromotionSummary> latest = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(LATEST)) {
            statement.setArray(1, connection.createArrayOf("text", stages.toArray()));
            statement.setString(2, project);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    latest.put(row.getString(1), promotion(row, 2));
                }
            }
        }
        return latest;
    }

    /** The holds of {@code project}'s stages, by stage; a stage never held is absent. */
    public Map<String, StageBoard.Hold> holds(Connection connection, String project) throws SQLException {
        Map<String, StageBoard.Hold> holds = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(HOLDS)) {
            statement.setString(1, project);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    holds.put(
                            row.getString(1),
                            new StageBoard.Hold(
                                    row.getBoolean(2), row.getString(3), row.getString(4), instant(row, 5)));
                }
            }
        }
        return holds;
    }

    /** The promotions of {@code project} in phase Pending, by stage, oldest first (at most 500). */
    public List<StagePromotion> pending(Connection connection, String project) throws SQLException {
        List<StagePromotion> pending = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PENDING)) {
            statement.setString(1, project);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    pending.add(new StagePromotion(row.getString(1), promotion(row, 2)));
                }
            }
        }
        return pending;
    }

    /** The reviewers' decisions on {@code promotionIds}, oldest first. */
    public List<ReviewDecision> decisions(Connection connection, Collection<String> promotionIds) throws SQLException {
        if (promotionIds.isEmpty()) {
            return List.of();
        }
        List<ReviewDecision> decisions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(DECISIONS)) {
            statement.setArray(1, connection.createArrayOf("text", promotionIds.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    decisions.add(new ReviewDecision(
                            row.getString(1),
                            row.getString(2),
                            new PendingApproval.Decision(row.getString(3), instant(row, 4), row.getString(5))));
                }
            }
        }
        return decisions;
    }

    private static PromotionSummary promotion(ResultSet row, int first) throws SQLException {
        return new PromotionSummary(
                row.getString(first),
                row.getString(first + 1),
                row.getString(first + 2),
                row.getString(first + 3),
                row.getString(first + 4),
                instant(row, first + 5),
                row.getString(first + 6),
                instant(row, first + 7),
                row.getBoolean(first + 8),
                row.getString(first + 9));
    }

    private FreightSummary summary(String id, String alias, String artifactsColumn, String commit, Instant createdAt) {
        FreightArtifacts.Artifacts read = artifacts.read(artifactsColumn);
        return new FreightSummary(id, alias, read.images(), read.charts(), read.commits(), commit, createdAt);
    }
}
