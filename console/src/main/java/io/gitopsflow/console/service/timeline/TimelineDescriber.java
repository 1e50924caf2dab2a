package io.gitopsflow.console.service.timeline;

import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import java.util.List;

/**
 * Tells what one kind of event means on a commit's timeline. One bean per event type, found by its CloudEvent type
 * (as the projectors are): a new event of the contract is one new class, no switch to edit.
 *
 * @param <T> the event's data
 */
public interface TimelineDescriber<T extends GitopsFlowEvent> {

    /** The event type this describer reads. */
    EventType<T> type();

    /**
     * The steps {@code entry} adds to the timeline (usually one; none when another event already tells the same fact),
     * with durations measured against the other events of the commit in {@code timeline}.
     */
    List<TimelineStep> describe(TimelineEntry<T> entry, TimelineContext timeline);
}
