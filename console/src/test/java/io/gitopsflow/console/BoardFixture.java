package io.gitopsflow.console;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rows of the read model written straight into PostgreSQL, as the projectors would leave them, for tests of the
 * queries that read them (the board). Each method inserts one row; the names are the test's own (fresh per test).
 */
public final class BoardFixture {

    private static final Map<String, Integer> PHASE_RANK = Map.of(
            "Pending", 0,
            "Writing", 1,
            "Written", 2,
            "HealthCheck", 3,
            "Verifying", 4,
            "Succeeded", 5,
            "Failed", 5,
            "Aborted", 5,
            "Rejected", 5);

    private final AgroalDataSource database;

    public BoardFixture(AgroalDataSource database) {
        this.database = database;
    }

    /** A stage of a definition: its JSON as {@code pipeline-configured} carries it. */
    public static String stage(String name, List<String> upstream, int approvals, String healthGate, String windows) {
        return """
                {"name":"%s","upstream":[%s],"fromWarehouse":%s,"autoPromotion":%s,"requiredApprovals":%d,\
                "approverRole":%s,"soakSeconds":60,"verification":[{"name":"%s-smoke","clusterScope":false,"args":{}}],\
                "healthGate":%s,"windows":[%s]}""".formatted(
                        name,
                        upstream.stream().map(s -> '"' + s + '"').collect(Collectors.joining(",")),
                        upstream.isEmpty(),
                        approvals == 0,
                        approvals,
                        approvals == 0 ? "null" : "\"release-managers\"",
                        name,
                        healthGate == null ? "null" : healthGate,
                        windows == null ? "" : windows);
    }

    /** The definition of {@code project}: Warehouse {@code warehouse} on one image repository, then {@code stages}. */
    public void pipeline(String project, String warehouse, Instant configuredAt, String... stages) throws SQLException {
        String definition = """
                {"project":"%s","file":"pipelines/%s.yaml","removed":false,"warehouse":{"name":"%s",\
                "subscriptions":[{"imageRepository":"registry.example.com/acme/%s","strategy":"semver"}]},\
                "stages":[%s],"fingerprint":"%s","configuredAt":"%s"}""".formatted(
                        project,
                        project,
                        warehouse,
                        project,
                        String.join(",", stages),
                        FlowEvents.sha() + FlowEvents.sha().substring(0, 24),
                        configuredAt);
        execute(
                "insert into pipeline (project, warehouse, removed, definition, fingerprint, configured_at)"
                        + " values (?, ?, false, cast(? as jsonb), 'f', ?)",
                project,
                warehouse,
                definition,
                Timestamp.from(configuredAt));
    }

    /** The definition of {@code project} saying it is no longer declared (its file is gone). */
    public void removedPipeline(String project, Instant configuredAt) throws SQLException {
        String definition = """
                {"project":"%s","file":"pipelines/%s.yaml","removed":true,"warehouse":null,"stages":[],\
                "fingerprint":"%s","configuredAt":"%s"}""".formatted(
                        project, project, FlowEvents.sha() + FlowEvents.sha().substring(0, 24), configuredAt);
        execute(
                "insert into pipeline (project, warehouse, removed, definition, fingerprint, configured_at)"
                        + " values (?, null, true, cast(? as jsonb), 'f', ?)",
                project,
                definition,
                Timestamp.from(configuredAt));
    }

    /** A Freight of one image, following {@code commit}; returns its id. */
    public String freight(String project, String warehouse, String alias, String tag, String commit, Instant createdAt)
            throws SQLException {
        String id = FlowEvents.sha();
        String images =
                """
                [{"repository":"registry.example.com/acme/%s","tag":"%s","digest":"sha256:%s"}]""".formatted(project, tag, FlowEvents.sha() + FlowEvents.sha().substring(0, 24));
        execute(
                "insert into freight (freight_id, project, warehouse, alias, images, commit_sha, created_at)"
                        + " values (?, ?, ?, ?, cast(? as jsonb), ?, ?)",
                id,
                project,
                warehouse,
                alias,
                images,
                commit,
                Timestamp.from(createdAt));
        return id;
    }

    /** A promotion of {@code freightId} into {@code stage}, created at {@code createdAt}, now in {@code phase}. */
    public String promotion(
            String project,
            String stage,
            String freightId,
            String phase,
            Instant createdAt,
            Instant phaseAt,
            String createdBy,
            String reason)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        execute(
                "insert into promotion (promotion_id, project, stage, freight_id, phase, phase_at, phase_rank,"
                        + " created_at, created_by, reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                project,
                stage,
                freightId,
                phase,
                Timestamp.from(phaseAt),
                PHASE_RANK.get(phase),
                createdAt == null ? null : Timestamp.from(createdAt),
                createdBy,
                reason);
        return id;
    }

    /** A reviewer's decision ({@code approved} or {@code rejected}) on a promotion. */
    public void decision(String promotionId, String actor, String decision, Instant at, String reason)
            throws SQLException {
        execute(
                "insert into approval (promotion_id, actor, decision, decided_at, reason) values (?, ?, ?, ?, ?)",
                promotionId,
                actor,
                decision,
                Timestamp.from(at),
                reason);
    }

    /** A verification of a promotion, completed at {@code completedAt}; returns its id. */
    public String analysisRun(
            String promotionId,
            String project,
            String stage,
            String freightId,
            String phase,
            String message,
            Instant completedAt)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        execute(
                "insert into analysis_run (analysis_run_id, promotion_id, project, stage, freight_id, phase, message,"
                        + " metrics, started_at, completed_at) values (?, ?, ?, ?, ?, ?, ?, '[]'::jsonb, ?, ?)",
                id,
                promotionId,
                project,
                stage,
                freightId,
                phase,
                message,
                Timestamp.from(completedAt.minusSeconds(60)),
                Timestamp.from(completedAt));
        return id;
    }

    /** The last hold change of a stage. */
    public void hold(String project, String stage, boolean held, String actor, String reason, Instant at)
            throws SQLException {
        execute(
                "insert into stage_hold (project, stage, held, actor, reason, changed_at) values (?, ?, ?, ?, ?, ?)",
                project,
                stage,
                held,
                actor,
                reason,
                Timestamp.from(at));
    }

    /** Runs {@code sql} with {@code parameters} in its own transaction. */
    public void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
