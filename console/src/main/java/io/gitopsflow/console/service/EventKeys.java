package io.gitopsflow.console.service;

import java.time.Instant;

/**
 * What an event is filed under in the read model, and when it happened (the event's own time, not when it arrived).
 *
 * @param occurredAt when it happened, from the event's data
 * @param commitSha the application commit it belongs to, or null when the event names only its promotion or Freight
 * @param project the pipeline, or null
 * @param stage the stage, or null
 * @param promotionId the promotion, or null
 * @param freightId the Freight, or null
 */
public record EventKeys(
        Instant occurredAt, String commitSha, String project, String stage, String promotionId, String freightId) {

    /** The same keys, filed under {@code commit}. */
    public EventKeys withCommit(String commit) {
        return new EventKeys(occurredAt, commit, project, stage, promotionId, freightId);
    }
}
