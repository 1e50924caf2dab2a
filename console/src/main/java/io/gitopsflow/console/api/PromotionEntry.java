package io.gitopsflow.console.api;

import java.time.Instant;

/**
 * One promotion of a pipeline's list.
 *
 * @param id the promotion id
 * @param stage the stage it promotes into
 * @param phase where it stands
 * @param since when it reached its phase, or null when only implied so far
 * @param freight the Freight it promotes
 * @param commit the application commit the Freight follows, or null
 * @param requestedBy who asked for it (a user, or promotion-service for an auto-promotion), or null when its creation
 *     was not seen yet
 * @param requestedAt when it was asked for, or null when its creation was not seen yet
 * @param rollback whether it promotes an older Freight than the stage ran
 * @param reason why it is in its phase (a failure's message, a reviewer's comment), or null
 */
public record PromotionEntry(
        String id,
        String stage,
        String phase,
        Instant since,
        FreightRef freight,
        String commit,
        String requestedBy,
        Instant requestedAt,
        boolean rollback,
        String reason) {

    /**
     * A Freight named by a promotion.
     *
     * @param id the content-hash id
     * @param alias the alias, or null when not known yet
     */
    public record FreightRef(String id, String alias) {}
}
