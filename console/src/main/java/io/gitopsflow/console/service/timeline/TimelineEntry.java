package io.gitopsflow.console.service.timeline;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.events.GitopsFlowEvent;
import java.time.Instant;
import java.util.Map;

/**
 * One stored event of a timeline, decoded: what a describer turns into steps, with the keys the event was filed under
 * carried into each step it gives.
 *
 * @param stored the row
 * @param event the decoded data
 * @param <T> the event's data
 */
public record TimelineEntry<T extends GitopsFlowEvent>(StoredEvent stored, T event) {

    /** When the event happened. */
    public Instant at() {
        return stored.occurredAt();
    }

    /** A step at the event's time, filed under the event's pipeline, stage, promotion and Freight. */
    public TimelineStep step(
            StepKind kind, StepOutcome outcome, Long durationMillis, String summary, Map<String, Object> details) {
        return stepAt(stored.occurredAt(), kind, outcome, durationMillis, summary, details);
    }

    /** A step at {@code at} (a time the event carries, such as when a build was queued), filed as the event. */
    public TimelineStep stepAt(
            Instant at,
            StepKind kind,
            StepOutcome outcome,
            Long durationMillis,
            String summary,
            Map<String, Object> details) {
        return new TimelineStep(
                at,
                kind,
                outcome,
                stored.project(),
                stored.stage(),
                stored.promotionId(),
                stored.freightId(),
                durationMillis,
                summary,
                details);
    }
}
