package io.gitopsflow.console.service.projectors;

import io.gitopsflow.console.repository.AnalysisRunRepository;
import io.gitopsflow.console.service.EventKeys;
import io.gitopsflow.console.service.Projector;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * An analysis run ended: the verdict on a promotion with each metric's results. The promotion's own phase change
 * (Succeeded or Failed) says what the verdict did to it; the run names no commit and is filed under its promotion's.
 */
@ApplicationScoped
public class AnalysisCompletedProjector implements Projector<AnalysisCompleted> {

    private final AnalysisRunRepository runs;

    public AnalysisCompletedProjector(AnalysisRunRepository runs) {
        this.runs = runs;
    }

    @Override
    public EventType<AnalysisCompleted> type() {
        return EventType.ANALYSIS_COMPLETED;
    }

    @Override
    public EventKeys keys(AnalysisCompleted event) {
        return new EventKeys(
                event.completedAt(), null, event.project(), event.stage(), event.promotionId(), event.freightId());
    }

    /** A run completes once: its completion published again under a new id is the same event. */
    @Override
    public String identity(AnalysisCompleted event) {
        return event.analysisRunId();
    }

    @Override
    public void project(EventEnvelope<AnalysisCompleted> event, Connection connection) throws SQLException {
        runs.completed(connection, event.data());
    }
}
