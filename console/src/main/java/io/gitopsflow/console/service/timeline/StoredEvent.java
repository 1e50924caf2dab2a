package io.gitopsflow.console.service.timeline;

import java.time.Instant;

/**
 * One event of a commit as the read model holds it: the {@code flow_event} row, with what the projected tables add
 * about its Freight and promotion (an event of a later stage names no alias, a redelivered phase change has lost its
 * promotion's start).
 *
 * @param eventId the CloudEvent id
 * @param type the CloudEvent type
 * @param occurredAt when it happened
 * @param storedAt when the console stored it (orders events of the same instant)
 * @param project the pipeline, or null
 * @param stage the stage, or null
 * @param promotionId the promotion, or null
 * @param freightId the Freight, or null
 * @param freightAlias the Freight's alias from the {@code freight} table, or null
 * @param promotionCreatedAt when its promotion was created, from the {@code promotion} table, or null
 * @param rollback whether its promotion is a rollback, from the {@code promotion} table
 * @param data the event's data as JSON
 */
public record StoredEvent(
        String eventId,
        String type,
        Instant occurredAt,
        Instant storedAt,
        String project,
        String stage,
        String promotionId,
        String freightId,
        String freightAlias,
        Instant promotionCreatedAt,
        boolean rollback,
        byte[] data) {}
