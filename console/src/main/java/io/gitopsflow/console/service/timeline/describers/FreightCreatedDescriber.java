package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ImageRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A pipeline's Warehouse made a Freight of the commit's artifacts: its alias, what it holds (images, charts, Git
 * commits), and how long after the image it came.
 */
@ApplicationScoped
public class FreightCreatedDescriber implements TimelineDescriber<FreightCreated> {

    @Override
    public EventType<FreightCreated> type() {
        return EventType.FREIGHT_CREATED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<FreightCreated> entry, TimelineContext timeline) {
        FreightCreated freight = entry.event();
        Set<String> digests = freight.images().stream().map(ImageRef::digest).collect(Collectors.toSet());
        Long sinceImage = timeline.lastUntil(
                        EventType.IMAGE_PUBLISHED,
                        freight.createdAt(),
                        (ImagePublished image) -> digests.contains(image.digest()))
                .map(image -> TimelineContext.millisBetween(image.event().publishedAt(), freight.createdAt()))
                .orElse(null);
        Details details = Details.of()
                .put("alias", freight.alias())
                .put("warehouse", freight.warehouse())
                .put("images", freight.images().stream().map(ImageRef::pinned).toList())
                .put("charts", Artifacts.charts(freight.charts()))
                .put("commits", Artifacts.commits(freight.commits()));
        return List.of(entry.step(
                StepKind.FREIGHT_CREATED,
                StepOutcome.INFO,
                sinceImage,
                "Freight " + freight.alias() + " created by " + freight.project() + "/" + freight.warehouse() + " ("
                        + Artifacts.count(freight.images(), freight.charts(), freight.commits()) + ")",
                details.map()));
    }
}
