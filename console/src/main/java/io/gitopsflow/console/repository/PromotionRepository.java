package io.gitopsflow.console.repository;

import static io.gitopsflow.console.repository.CommitRepository.timestamp;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The {@code promotion} table, written by every event that concerns a promotion, in whatever order they arrive. The
 * facts an event adds (its commit, when it was requested, promoted, verified) are merged so that any order gives the
 * same row; its phase is that of the latest phase change ({@code phase_at}, then {@code phase_rank}), so an older
 * update redelivered after a newer one never moves a promotion back, and a finished promotion leaves its final phase
 * only for a reverify. A phase only implied by another event (a write request, the stage found healthy, an approval)
 * is kept at {@code -infinity}: the first real phase change overrides it.
 */
@ApplicationScoped
public class PromotionRepository {

    /** The rank of the final phases (Succeeded, Failed, Aborted, Rejected), above every active phase. */
    public static final int FINAL_RANK = 5;

    private static final String UPSERT = "insert into promotion as p (promotion_id, project, stage, freight_id,"
            + " freight_alias, commit_sha, rollback, created_at, created_by, requested_at, promoted_at, verified_at,"
            + " phase, phase_at, phase_rank, finished_at, reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " coalesce(cast(? as timestamptz), timestamptz '-infinity'), ?, ?, ?)"
            + " on conflict (promotion_id) do update set"
            + " freight_alias = coalesce(p.freight_alias, excluded.freight_alias),"
            + " commit_sha = coalesce(p.commit_sha, excluded.commit_sha),"
            + " rollback = p.rollback or excluded.rollback,"
            + " created_at = least(p.created_at, excluded.created_at),"
            + " created_by = coalesce(p.created_by, excluded.created_by),"
            + " requested_at = least(p.requested_at, excluded.requested_at),"
            + " promoted_at = least(p.promoted_at, excluded.promoted_at),"
            + " verified_at = least(p.verified_at, excluded.verified_at)";
    // a later phase change wins (at the same time, the further phase); a final phase yields only to a reverify
    private static final String MOVE = "update promotion set phase = ?,"
            + " phase_at = coalesce(cast(? as timestamptz), timestamptz '-infinity'), phase_rank = ?,"
            + " finished_at = ?, reason = ? where promotion_id = ?"
            + " and (coalesce(cast(? as timestamptz), timestamptz '-infinity'), ?) > (phase_at, phase_rank)"
            + " and (phase_rank < " + FINAL_RANK + " or phase_at = timestamptz '-infinity' or ?)";

    /**
     * Merges what one event says about a promotion into its row (creating it when this is the first word on it).
     *
     * @param facts what the event says about the promotion
     * @param phase the phase the event shows it in
     */
    public void observe(Connection connection, PromotionFacts facts, PhaseObservation phase) throws SQLException {
        Instant finishedAt = phase.isFinal() ? phase.at() : null;
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, facts.promotionId());
            statement.setString(2, facts.project());
            statement.setString(3, facts.stage());
            statement.setString(4, facts.freightId());
            statement.setString(5, facts.freightAlias());
            statement.setString(6, facts.commitSha());
            statement.setBoolean(7, facts.rollback());
            statement.setTimestamp(8, timestamp(facts.createdAt()));
            statement.setString(9, facts.createdBy());
            statement.setTimestamp(10, timestamp(facts.requestedAt()));
            statement.setTimestamp(11, timestamp(facts.promotedAt()));
            statement.setTimestamp(12, timestamp(facts.verifiedAt()));
            statement.setString(13, phase.phase());
            statement.setTimestamp(14, timestamp(phase.at()));
            statement.setInt(15, phase.rank());
            statement.setTimestamp(16, timestamp(finishedAt));
            statement.setString(17, phase.reason());
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(MOVE)) {
            statement.setString(1, phase.phase());
            statement.setTimestamp(2, timestamp(phase.at()));
            statement.setInt(3, phase.rank());
            statement.setTimestamp(4, timestamp(finishedAt));
            statement.setString(5, phase.reason());
            statement.setString(6, facts.promotionId());
            statement.setTimestamp(7, timestamp(phase.at()));
            statement.setInt(8, phase.rank());
            statement.setBoolean(9, phase.reopens());
            statement.executeUpdate();
        }
    }

    /**
     * What one event says about a promotion besides its phase; null where it says nothing.
     *
     * @param promotionId the promotion
     * @param project its pipeline
     * @param stage its stage
     * @param freightId its Freight
     * @param freightAlias the Freight's alias
     * @param commitSha the application commit the Freight follows
     * @param rollback whether the promotion is a rollback (false when the event does not say)
     * @param createdAt when it was created
     * @param createdBy who created it
     * @param requestedAt when its write was requested
     * @param promotedAt when the stage was found written and healthy
     * @param verifiedAt when it succeeded after its verification
     */
    public record PromotionFacts(
            String promotionId,
            String project,
            String stage,
            String freightId,
            String freightAlias,
            String commitSha,
            boolean rollback,
            Instant createdAt,
            String createdBy,
            Instant requestedAt,
            Instant promotedAt,
            Instant verifiedAt) {}

    /**
     * The phase an event shows a promotion in.
     *
     * @param phase the phase, as promotion-service's API spells it
     * @param at when the promotion entered it, or null when the event only implies the phase (it ranks below any
     *     phase change)
     * @param rank the phase's place in the lifecycle: Pending 0 up to Verifying 4, {@link #FINAL_RANK} for the final
     *     phases
     * @param reopens whether the change leaves a final phase (a reverify)
     * @param reason why the promotion is in this phase (a failure's message, a reviewer's comment), or null
     */
    public record PhaseObservation(String phase, Instant at, int rank, boolean reopens, String reason) {

        /** Whether the phase is final and its time is known: the promotion finished then. */
        boolean isFinal() {
            return rank == FINAL_RANK && at != null;
        }
    }
}
