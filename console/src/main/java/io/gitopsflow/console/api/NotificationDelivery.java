package io.gitopsflow.console.api;

import java.time.Instant;

/**
 * One notification and how its delivery went.
 *
 * @param id the notification: rule/receiver/outcome/event id
 * @param rule the rule that matched
 * @param receiver the receiver's name (never its URL)
 * @param outcome awaiting-approval, succeeded, failed, verification-failed or rolled-back
 * @param pipeline the pipeline
 * @param stage the stage
 * @param promotionId the promotion, or null
 * @param commit the application commit, or null
 * @param eventId the CloudEvent id of the event that is the outcome's sign
 * @param eventType its CloudEvent type
 * @param occurredAt when the outcome happened
 * @param queuedAt when the notification was queued
 * @param status queued (waiting for its next try), sending, sent, or failed (given up)
 * @param attempts how many tries were made
 * @param lastAttemptAt when the last try was made, or null
 * @param nextAttemptAt when the next try is due, or null once sent or given up
 * @param lastStatusCode the receiver's last HTTP status, or null (no answer)
 * @param lastError why the last try failed, or null
 * @param sentAt when the receiver took it, or null
 */
public record NotificationDelivery(
        String id,
        String rule,
        String receiver,
        String outcome,
        String pipeline,
        String stage,
        String promotionId,
        String commit,
        String eventId,
        String eventType,
        Instant occurredAt,
        Instant queuedAt,
        String status,
        int attempts,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Integer lastStatusCode,
        String lastError,
        Instant sentAt) {}
