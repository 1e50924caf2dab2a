package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * An image of the commit reached a registry. Built by build-worker, it also ends the build (build-finished, with the
 * time from its start and each step's duration); announced by a registry or an external build, it is only the image.
 */
@ApplicationScoped
public class ImagePublishedDescriber implements TimelineDescriber<ImagePublished> {

    private final BuildClock builds;

    public ImagePublishedDescriber(BuildClock builds) {
        this.builds = builds;
    }

    @Override
    public EventType<ImagePublished> type() {
        return EventType.IMAGE_PUBLISHED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<ImagePublished> entry, TimelineContext timeline) {
        ImagePublished image = entry.event();
        String reference = image.imageRepository() + ":" + image.tags().get(0);
        List<TimelineStep> steps = new ArrayList<>();
        if (image.buildId() != null && image.origin() == ImagePublished.Origin.BUILD_WORKER) {
            Details details = Details.of()
                    .put("buildId", image.buildId())
                    .put("image", reference)
                    .put("digest", image.digest());
            putDurations(details, image.durations());
            Long duration = builds.sinceStart(timeline, image.buildId(), image.publishedAt(), image.durations());
            steps.add(entry.step(
                    StepKind.BUILD_FINISHED,
                    StepOutcome.SUCCEEDED,
                    duration,
                    "build " + image.buildId() + " succeeded: " + reference,
                    details.map()));
        }
        Details details = Details.of()
                .put("image", image.imageRepository())
                .put("tags", image.tags())
                .put("digest", image.digest())
                .put("origin", image.origin())
                .put("buildId", image.buildId());
        steps.add(entry.step(
                StepKind.IMAGE_PUBLISHED,
                StepOutcome.INFO,
                null,
                reference + " published (" + originName(image.origin()) + ")",
                details.map()));
        return steps;
    }

    /** The durations of a build's steps, in its details. */
    static void putDurations(Details details, BuildDurations durations) {
        if (durations != null) {
            details.put("checkoutMillis", durations.checkoutMillis())
                    .put("buildMillis", durations.buildMillis())
                    .put("pushMillis", durations.pushMillis())
                    .put("totalMillis", durations.totalMillis());
        }
    }

    private static String originName(ImagePublished.Origin origin) {
        return switch (origin) {
            case BUILD_WORKER -> "built by build-worker";
            case REGISTRY -> "announced by the registry";
            case EXTERNAL -> "built elsewhere";
        };
    }
}
