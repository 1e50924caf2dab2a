package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.Map;

/**
 * One step of a commit's way from the webhook to the last stage.
 *
 * @param at when it happened (the event's own time, not when the console read it)
 * @param kind what it is
 * @param outcome how it went
 * @param project the pipeline, or null for the steps before a Freight (push, build, image)
 * @param stage the stage, or null
 * @param promotionId the promotion, or null
 * @param freightId the Freight, or null
 * @param durationMillis how long the step took or waited, measured from the step before it that
 *     docs/console/timeline.md names for its kind; null when that step is not known
 * @param summary one line for people
 * @param details the step's facts by name (image, digest, actor, reason, metric results...)
 */
public record TimelineStep(
        Instant at,
        StepKind kind,
        StepOutcome outcome,
        String project,
        String stage,
        String promotionId,
        String freightId,
        Long durationMillis,
        String summary,
        Map<String, Object> details) {}
