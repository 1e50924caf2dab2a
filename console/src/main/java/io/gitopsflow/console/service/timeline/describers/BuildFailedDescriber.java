package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The commit could not be built: which step failed, why, and the last lines of the build's log. */
@ApplicationScoped
public class BuildFailedDescriber implements TimelineDescriber<BuildFailed> {

    private final BuildClock builds;

    public BuildFailedDescriber(BuildClock builds) {
        this.builds = builds;
    }

    @Override
    public EventType<BuildFailed> type() {
        return EventType.BUILD_FAILED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<BuildFailed> entry, TimelineContext timeline) {
        BuildFailed failure = entry.event();
        Details details = Details.of()
                .put("buildId", failure.buildId())
                .put("failedStep", failure.failedStep())
                .put("reason", failure.reason())
                .put("logExcerpt", failure.logExcerpt().isEmpty() ? null : failure.logExcerpt());
        ImagePublishedDescriber.putDurations(details, failure.durations());
        Long duration = builds.sinceStart(timeline, failure.buildId(), failure.failedAt(), failure.durations());
        return List.of(entry.step(
                StepKind.BUILD_FAILED,
                StepOutcome.FAILED,
                duration,
                "build " + failure.buildId() + " failed at " + failure.failedStep() + Details.because(failure.reason()),
                details.map()));
    }
}
