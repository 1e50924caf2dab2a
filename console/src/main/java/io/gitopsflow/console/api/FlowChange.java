package io.gitopsflow.console.api;

import java.time.Instant;

/**
 * One change of the read model, as the live streams push it: an event the projection applied, with what it is filed
 * under. A client reloads what it shows (the board, the timeline) or applies the change itself; the event's details
 * are in the timeline.
 *
 * @param eventId the CloudEvent id (also the SSE event id)
 * @param kind the event's kind, its topic name (e.g. {@code commit-pushed}; also the SSE event name)
 * @param type the CloudEvent type (e.g. {@code io.gitopsflow.commit.pushed.v1})
 * @param project the pipeline, or null
 * @param stage the stage, or null
 * @param commitSha the application commit, or null when not known yet
 * @param promotionId the promotion, or null
 * @param freightId the Freight, or null
 * @param occurredAt when it happened (the event's own time)
 */
public record FlowChange(
        String eventId,
        String kind,
        String type,
        String project,
        String stage,
        String commitSha,
        String promotionId,
        String freightId,
        Instant occurredAt) {}
