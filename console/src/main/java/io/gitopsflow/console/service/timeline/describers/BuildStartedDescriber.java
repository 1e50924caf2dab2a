package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * build-worker took the commit's build from its queue: two steps, the queueing (measured from the webhook, for a first
 * attempt) and the start (measured from the queueing), running until the build's end or a later attempt is on the
 * timeline.
 */
@ApplicationScoped
public class BuildStartedDescriber implements TimelineDescriber<BuildStarted> {

    @Override
    public EventType<BuildStarted> type() {
        return EventType.BUILD_STARTED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<BuildStarted> entry, TimelineContext timeline) {
        BuildStarted start = entry.event();
        Long sincePush = start.attempt() > 1
                ? null
                : timeline.first(EventType.COMMIT_PUSHED, (CommitPushed push) -> true)
                        .map(push -> TimelineContext.millisBetween(push.event().receivedAt(), start.queuedAt()))
                        .orElse(null);
        String attempt = start.attempt() > 1 ? " (attempt " + start.attempt() + ")" : "";
        TimelineStep queued = entry.stepAt(
                start.queuedAt(),
                StepKind.BUILD_QUEUED,
                StepOutcome.INFO,
                sincePush,
                "build " + start.buildId() + " of " + start.source().repository() + " queued" + attempt,
                Details.of()
                        .put("buildId", start.buildId())
                        .put("attempt", start.attempt())
                        .map());
        TimelineStep started = entry.stepAt(
                start.startedAt(),
                StepKind.BUILD_STARTED,
                ended(entry, timeline) ? StepOutcome.INFO : StepOutcome.RUNNING,
                start.queueMillis(),
                "build " + start.buildId() + " started" + attempt
                        + (start.builder() == null ? "" : " with " + start.builder()) + " after "
                        + start.queueMillis() + " ms in the queue",
                Details.of()
                        .put("buildId", start.buildId())
                        .put("attempt", start.attempt())
                        .put("builder", start.builder())
                        .put("queuedAt", start.queuedAt())
                        .put("queueMillis", start.queueMillis())
                        .map());
        return List.of(queued, started);
    }

    /** Whether the build ended, or started again, after this start. */
    private static boolean ended(TimelineEntry<BuildStarted> entry, TimelineContext timeline) {
        String buildId = entry.event().buildId();
        boolean restarted = timeline.entries(EventType.BUILD_STARTED).stream()
                .anyMatch(other -> other != entry
                        && other.event().buildId().equals(buildId)
                        && other.event().attempt() > entry.event().attempt());
        boolean published = timeline.first(
                        EventType.IMAGE_PUBLISHED, (ImagePublished image) -> buildId.equals(image.buildId()))
                .isPresent();
        boolean failed = timeline.first(
                        EventType.BUILD_FAILED, (BuildFailed failure) -> buildId.equals(failure.buildId()))
                .isPresent();
        return restarted || published || failed;
    }
}
