package io.gitopsflow.console.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which pipelines the read model knows and what it knows of each: the {@code pipeline} table's definitions, and the
 * projects met only in Freight and promotions (their definition may come later, or never, from another team's
 * promotion-service). Distinct projects and stages are read with a skip scan of the indexes, never a full scan.
 */
@ApplicationScoped
public class PipelineRepository {

    // package-private: BoardLoadIT explains each query on a read model of the size
    static final String FIND =
            "select project, warehouse, removed, definition::text, configured_at" + " from pipeline where project = ?";
    static final String SEEN = "select exists (select 1 from promotion where project = ?)"
            + " or exists (select 1 from freight where project = ?)";
    // each step of the recursion jumps to the next stage on promotion_stage; the first promotion of each stage comes
    // from promotion_stage_created (V8)
    static final String STAGES_SEEN = "with recursive seen(stage) as ("
            + " (select stage from promotion where project = ? order by stage limit 1)"
            + " union all"
            + " select (select p.stage from promotion p where p.project = ? and p.stage > seen.stage"
            + " order by p.stage limit 1) from seen where seen.stage is not null)"
            + " select seen.stage from seen cross join lateral (select coalesce(p.created_at, p.phase_at) as first_at"
            + " from promotion p where p.project = ? and p.stage = seen.stage"
            + " order by coalesce(p.created_at, p.phase_at) limit 1) first"
            + " where seen.stage is not null order by first.first_at, seen.stage";
    static final String LIST = "with recursive promoted(project) as ("
            + " (select project from promotion order by project limit 1)"
            + " union all"
            + " select (select p.project from promotion p where p.project > promoted.project order by p.project"
            + " limit 1) from promoted where promoted.project is not null),"
            + " made(project) as ("
            + " (select project from freight order by project limit 1)"
            + " union all"
            + " select (select f.project from freight f where f.project > made.project order by f.project limit 1)"
            + " from made where made.project is not null),"
            + " known(project) as (select project from pipeline"
            + " union select project from promoted where project is not null"
            + " union select project from made where project is not null)"
            + " select known.project, coalesce(pl.warehouse, (select f.warehouse from freight f"
            + " where f.project = known.project order by f.created_at desc limit 1)),"
            + " pl.project is not null, coalesce(pl.removed, false),"
            + " case when jsonb_typeof(pl.definition -> 'stages') = 'array'"
            + " then jsonb_array_length(pl.definition -> 'stages') end,"
            + " greatest(pl.configured_at,"
            + " (select max(f.created_at) from freight f where f.project = known.project),"
            + " (select max(p.phase_at) from promotion p where p.project = known.project))"
            + " from known left join pipeline pl on pl.project = known.project order by known.project";

    /**
     * A pipeline's stored definition.
     *
     * @param definition the {@code pipeline-configured} event's data, as JSON
     */
    public record PipelineRow(
            String project, String warehouse, boolean removed, String definition, Instant configuredAt) {}

    /**
     * A known pipeline, for the list.
     *
     * @param declaredStages the number of stages its definition declares; null when it has none (not configured,
     *     removed, or a definition without a stage list)
     */
    public record KnownPipeline(
            String project,
            String warehouse,
            boolean configured,
            boolean removed,
            Integer declaredStages,
            Instant lastActivity) {}

    /** The stored definition of {@code project}, if a {@code pipeline-configured} was seen for it. */
    public Optional<PipelineRow> find(Connection connection, String project) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setString(1, project);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PipelineRow(
                        row.getString(1), row.getString(2), row.getBoolean(3), row.getString(4), instant(row, 5)));
            }
        }
    }

    /** Whether any Freight or promotion of {@code project} was seen. */
    public boolean seen(Connection connection, String project) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SEEN)) {
            statement.setString(1, project);
            statement.setString(2, project);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** The stages promotions of {@code project} went to, in the order of their first promotion. */
    public List<String> stagesSeen(Connection connection, String project) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STAGES_SEEN)) {
            statement.setString(1, project);
            statement.setString(2, project);
            statement.setString(3, project);
            List<String> stages = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    stages.add(rows.getString(1));
                }
            }
            return stages;
        }
    }

    /** Every pipeline the read model knows, by name. */
    public List<KnownPipeline> known(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LIST);
                ResultSet rows = statement.executeQuery()) {
            List<KnownPipeline> pipelines = new ArrayList<>();
            while (rows.next()) {
                int stages = rows.getInt(5);
                Integer declaredStages = rows.wasNull() ? null : stages;
                pipelines.add(new KnownPipeline(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getBoolean(3) && !rows.getBoolean(4),
                        rows.getBoolean(4),
                        declaredStages,
                        instant(rows, 6)));
            }
            return pipelines;
        }
    }

    static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
