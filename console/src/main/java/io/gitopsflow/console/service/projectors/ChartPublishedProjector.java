package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;

/**
 * A Helm chart pushed: filed under the commit it was packaged from, so the commit's timeline shows it. The board needs
 * no table of its own for it: a chart reaches a stage only in a Freight, which {@code freight-created} brings.
 */
@ApplicationScoped
public class ChartPublishedProjector implements Projector<ChartPublished> {

    @Override
    public EventType<ChartPublished> type() {
        return EventType.CHART_PUBLISHED;
    }

    @Override
    public EventKeys keys(ChartPublished event) {
        String commit = event.source() == null ? null : event.source().commit();
        return new EventKeys(event.publishedAt(), commit, null, null, null, null);
    }

    /** One push of a chart version, published again under a new id by build-worker's outbox. */
    @Override
    public String identity(ChartPublished event) {
        String push = event.buildId() != null
                ? "build:" + event.buildId()
                : event.chartRepository() + ":" + event.version() + "@" + event.digest();
        return push + "@" + event.publishedAt();
    }

    @Override
    public void project(EventEnvelope<ChartPublished> event, Connection connection) {
        // stored and filed by the projection; nothing else of the read model changes
    }
}
