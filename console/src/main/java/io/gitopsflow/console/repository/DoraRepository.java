package io.gitopsflow.console.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The DORA queries over {@code promotion}, {@code freight}, {@code commit_push} and {@code pipeline}: which stages a
 * pipeline has and which are last, and the figures of each stage over a window (docs/console/dora.md says what counts
 * as what). Each query reads one pipeline through the V4 indexes.
 */
@ApplicationScoped
public class DoraRepository {

    private static final String KNOWN = "select exists (select 1 from pipeline where project = ?)"
            + " or exists (select 1 from promotion where project = ?)";
    // the stages of the definition in pipeline order, each with whether another stage lists it as upstream
    private static final String DEFINED_STAGES = """
            select s.stage ->> 'name',
                   exists (select 1 from jsonb_array_elements(p.definition -> 'stages') as o(stage)
                           where coalesce(o.stage -> 'upstream', '[]'::jsonb) @> jsonb_build_array(s.stage ->> 'name'))
            from pipeline p
            cross join lateral jsonb_array_elements(
                case when jsonb_typeof(p.definition -> 'stages') = 'array' then p.definition -> 'stages'
                     else '[]'::jsonb end) with ordinality as s(stage, position)
            where p.project = ? and s.stage ->> 'name' is not null
            order by s.position""";
    // every stage a promotion went into, the one promoted into first first
    private static final String PROMOTED_STAGES = "select stage from promotion where project = ? group by stage"
            + " order by min(coalesce(created_at, requested_at, phase_at)), stage";
    private static final String ACTIVE_PIPELINES = "select project from pipeline where not removed union"
            + " select distinct project from promotion where phase_at >= ?";

    /** Whether the read model knows {@code project}: its definition, or a promotion of it. */
    public boolean known(Connection connection, String project) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(KNOWN)) {
            statement.setString(1, project);
            statement.setString(2, project);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    /** The stages of {@code project}'s definition, in pipeline order; empty without a definition. */
    public List<DefinedStage> definedStages(Connection connection, String project) throws SQLException {
        List<DefinedStage> stages = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(DEFINED_STAGES)) {
            statement.setString(1, project);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    stages.add(new DefinedStage(rows.getString(1), rows.getBoolean(2)));
                }
            }
        }
        return stages;
    }

    /** The stages promotions of {@code project} went into, in the order of their first promotion. */
    public List<String> promotedStages(Connection connection, String project) throws SQLException {
        return strings(connection, PROMOTED_STAGES, statement -> statement.setString(1, project));
    }

    /** The pipelines in force or with a promotion that changed since {@code since}. */
    public List<String> activePipelines(Connection connection, Instant since) throws SQLException {
        return strings(connection, ACTIVE_PIPELINES, statement -> statement.setTimestamp(1, Timestamp.from(since)));
    }

    /**
     * The figures of each stage of {@code project} with anything in the window from {@code since}, and one row (stage
     * null) for {@code lastStages} together.
     */
    public List<DoraRow> figures(Connection connection, String project, Instant since, List<String> lastStages)
            throws SQLException {
        List<DoraRow> figures = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(DoraQuery.FIGURES)) {
            Timestamp from = Timestamp.from(since);
            Array last = connection.createArrayOf("text", lastStages.toArray());
            DoraQuery.bind(statement, project, from, last);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    boolean pipelineRow = rows.getBoolean("pipeline_row");
                    if (pipelineRow && !rows.getBoolean("last")) {
                        continue; // the other stages together: no figure of the pipeline
                    }
                    figures.add(row(rows, pipelineRow ? null : rows.getString("stage")));
                }
            }
        }
        return figures;
    }

    /**
     * The figures of {@code lastStages} together by bucket of the window from {@code since}: bucket {@code i} holds
     * the samples from {@code origin + i * width} (the buckets of the window only; the map is ordered by bucket).
     */
    public SortedMap<Integer, DoraRow> buckets(
            Connection connection,
            String project,
            Instant since,
            List<String> lastStages,
            Instant origin,
            Duration width)
            throws SQLException {
        SortedMap<Integer, DoraRow> buckets = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(DoraQuery.BUCKETS)) {
            Array last = connection.createArrayOf("text", lastStages.toArray());
            DoraQuery.bindBuckets(
                    statement,
                    project,
                    Timestamp.from(since),
                    last,
                    origin.toEpochMilli() / 1000.0,
                    width.toMillis() / 1000.0);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    buckets.put(rows.getInt("bucket"), row(rows, null));
                }
            }
        }
        return buckets;
    }

    private static DoraRow row(ResultSet rows, String stage) throws SQLException {
        return new DoraRow(
                stage,
                rows.getLong("deployments"),
                rows.getLong("lead_samples"),
                rows.getLong("lead_from_freight"),
                (Double) rows.getObject("lead_p50"),
                (Double) rows.getObject("lead_p90"),
                rows.getLong("verification_failures"),
                rows.getLong("rollbacks"),
                rows.getLong("restored"),
                (Double) rows.getObject("restore_p50"));
    }

    private static List<String> strings(Connection connection, String query, Binder binder) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * A stage of a pipeline's definition.
     *
     * @param name the stage
     * @param upstreamOfAnother whether another stage lists it as upstream (else it is a last stage)
     */
    public record DefinedStage(String name, boolean upstreamOfAnother) {}
}
