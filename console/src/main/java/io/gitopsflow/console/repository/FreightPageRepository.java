package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.PipelineRepository.instant;

import io.gitopsflow.console.api.FreightEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline's Freight a page at a time, newest first (keyset on {@code created_at, freight_id}, index
 * {@code freight_project_page}), and each one's latest promotion into each stage (a top-1 per Freight and stage on
 * {@code promotion_freight_created}), so a page costs the same however many Freight and promotions came before.
 */
@ApplicationScoped
public class FreightPageRepository {

    // package-private: ReadModelQueriesIT may explain them
    static final String PAGE_COLUMNS =
            "select f.freight_id, f.alias, f.warehouse, " + FreightArtifacts.column("f") + ", f.commit_sha,"
                    + " c.message, c.author, f.created_at, " + Keysets.text("f.created_at")
                    + " from freight f left join commit_push c on c.commit_sha = f.commit_sha where f.project = ?";
    static final String FIRST_PAGE = PAGE_COLUMNS + " order by f.created_at desc, f.freight_id desc limit ?";
    static final String NEXT_PAGE = PAGE_COLUMNS
            + " and (f.created_at, f.freight_id) < (cast(? as timestamptz), ?)"
            + " order by f.created_at desc, f.freight_id desc limit ?";
    // by id: the primary key; by alias: the project's Freight on freight_project_page, newest first
    static final String BY_ID = PAGE_COLUMNS + " and f.freight_id = ?";
    static final String BY_ALIAS = PAGE_COLUMNS + " and f.alias = ? order by f.created_at desc limit 1";
    static final String STAGE_STATES = "select x.freight_id, s.stage, p.promotion_id, p.phase,"
            + " nullif(p.phase_at, timestamptz '-infinity'), p.rollback, a.phase"
            + " from unnest(cast(? as text[])) as x(freight_id) cross join unnest(cast(? as text[])) as s(stage)"
            + " cross join lateral (select promotion_id, phase, phase_at, rollback from promotion"
            + " where freight_id = x.freight_id and stage = s.stage and project = ?"
            + " order by coalesce(created_at, phase_at) desc, promotion_id desc limit 1) p"
            + " left join lateral (select phase from analysis_run where promotion_id = p.promotion_id"
            + " order by completed_at desc limit 1) a on true";

    private final FreightArtifacts artifacts;

    public FreightPageRepository(FreightArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    /**
     * A Freight of the page, before its stage states are known.
     *
     * @param cursorAt its creation time as the keyset's text
     */
    public record FreightRow(
            String id,
            String alias,
            String warehouse,
            FreightArtifacts.Artifacts artifacts,
            FreightEntry.Commit commit,
            Instant createdAt,
            String cursorAt) {}

    /** A stage's latest promotion of a Freight. */
    public record StagePromotion(String freightId, String stage, FreightEntry.LatestPromotion promotion) {}

    /**
     * At most {@code limit} Freight of {@code project}, newest first, older than the keyset ({@code beforeAt},
     * {@code beforeId}) when {@code beforeAt} is not null.
     */
    public List<FreightRow> page(Connection connection, String project, String beforeAt, String beforeId, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(beforeAt == null ? FIRST_PAGE : NEXT_PAGE)) {
            int next = 1;
            statement.setString(next++, project);
            if (beforeAt != null) {
                statement.setString(next++, beforeAt);
                statement.setString(next++, beforeId);
            }
            statement.setInt(next, limit);
            List<FreightRow> page = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    page.add(row(row));
                }
            }
            return page;
        }
    }

    /** The Freight of {@code project} whose id or alias is {@code freight} (the newest, should an alias repeat). */
    public Optional<FreightRow> find(Connection connection, String project, String freight) throws SQLException {
        boolean id = freight.length() == 40 && freight.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        try (PreparedStatement statement = connection.prepareStatement(id ? BY_ID : BY_ALIAS)) {
            statement.setString(1, project);
            statement.setString(2, freight);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row(row)) : Optional.empty();
            }
        }
    }

    private FreightRow row(ResultSet row) throws SQLException {
        String sha = row.getString(5);
        return new FreightRow(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                artifacts.read(row.getString(4)),
                sha == null ? null : new FreightEntry.Commit(sha, row.getString(6), row.getString(7)),
                instant(row, 8),
                row.getString(9));
    }

    /** The latest promotion of each of {@code freightIds} into each of {@code stages}; absent pairs never had one. */
    public List<StagePromotion> stageStates(
            Connection connection, String project, Collection<String> freightIds, Collection<String> stages)
            throws SQLException {
        if (freightIds.isEmpty() || stages.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement(STAGE_STATES)) {
            statement.setArray(1, connection.createArrayOf("text", freightIds.toArray()));
            statement.setArray(2, connection.createArrayOf("text", stages.toArray()));
            statement.setString(3, project);
            List<StagePromotion> states = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    states.add(new StagePromotion(
                            row.getString(1),
                            row.getString(2),
                            new FreightEntry.LatestPromotion(
                                    row.getString(3),
                                    row.getString(4),
                                    row.getString(7),
                                    instant(row, 5),
                                    row.getBoolean(6))));
                }
            }
            return states;
        }
    }
}
