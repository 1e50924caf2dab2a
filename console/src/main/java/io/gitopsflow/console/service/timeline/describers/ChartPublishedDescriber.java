package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A Helm chart packaged from the commit reached a registry, beside its image: on the commit's timeline as the image is
 * (filed under the source commit), so a release tag's way shows both artifacts before the Freight that holds them.
 */
@ApplicationScoped
public class ChartPublishedDescriber implements TimelineDescriber<ChartPublished> {

    @Override
    public EventType<ChartPublished> type() {
        return EventType.CHART_PUBLISHED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<ChartPublished> entry, TimelineContext timeline) {
        ChartPublished chart = entry.event();
        Details details = Details.of()
                .put("chart", chart.chartRepository())
                .put("version", chart.version())
                .put("appVersion", chart.appVersion())
                .put("digest", chart.digest())
                .put("buildId", chart.buildId());
        return List.of(entry.step(
                StepKind.CHART_PUBLISHED,
                StepOutcome.INFO,
                null,
                "chart " + chart.chartRepository() + " " + chart.version() + " published",
                details.map()));
    }
}
