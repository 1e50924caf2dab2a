package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** How long a build ran until it ended: from its last start on the timeline, else as build-worker measured it. */
@ApplicationScoped
public class BuildClock {

    /**
     * The milliseconds from the start of {@code buildId}'s attempt that ended at {@code endedAt}; build-worker's own
     * total when the timeline holds no start of it; null when neither is known.
     */
    public Long sinceStart(TimelineContext timeline, String buildId, Instant endedAt, BuildDurations durations) {
        return timeline.entries(EventType.BUILD_STARTED).stream()
                .map(entry -> entry.event())
                .filter(start ->
                        start.buildId().equals(buildId) && !start.startedAt().isAfter(endedAt))
                .map(BuildStarted::startedAt)
                .reduce((earlier, later) -> later.isAfter(earlier) ? later : earlier)
                .map(started -> TimelineContext.millisBetween(started, endedAt))
                .orElse(durations == null ? null : durations.totalMillis());
    }
}
