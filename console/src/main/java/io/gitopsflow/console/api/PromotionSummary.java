package io.gitopsflow.console.api;

import java.time.Instant;

/**
 * A promotion of a Freight into a stage, as the board shows it.
 *
 * @param id the promotion id
 * @param phase where it stands (Pending, Writing, Written, HealthCheck, Verifying, Succeeded, Failed, Aborted,
 *     Rejected)
 * @param freightId the Freight it promotes
 * @param freightAlias the Freight's alias, or null when not known yet
 * @param commit the application commit it follows, or null
 * @param since when it reached its phase
 * @param createdBy who asked for it (a user, or promotion-service for an auto-promotion), or null when not seen yet
 * @param createdAt when it was asked for, or null when not seen yet
 * @param rollback whether it promotes an older Freight than the stage's newest
 * @param reason why it failed, was rejected or aborted, when it did
 */
public record PromotionSummary(
        String id,
        String phase,
        String freightId,
        String freightAlias,
        String commit,
        Instant since,
        String createdBy,
        Instant createdAt,
        boolean rollback,
        String reason) {}
