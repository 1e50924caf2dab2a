package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.AnalysisCompleted.MetricResult;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The verdict of a verification of the Freight in a stage, with each metric's measurements (counts, last value, why):
 * its duration is the analysis run's own, from its start to its end.
 */
@ApplicationScoped
public class AnalysisCompletedDescriber implements TimelineDescriber<AnalysisCompleted> {

    @Override
    public EventType<AnalysisCompleted> type() {
        return EventType.ANALYSIS_COMPLETED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<AnalysisCompleted> entry, TimelineContext timeline) {
        AnalysisCompleted run = entry.event();
        Details details = Details.of()
                .put("analysisRunId", run.analysisRunId())
                .put("phase", run.phase())
                .put("message", run.message().isEmpty() ? null : run.message())
                .put(
                        "metrics",
                        run.metrics().stream()
                                .map(AnalysisCompletedDescriber::metric)
                                .toList());
        String summary = "verification of "
                + Promotions.freightInto(entry.stored(), null, run.freightId(), run.project(), run.stage()) + ": "
                + Details.jsonName(run.phase()) + " (" + run.metrics().size() + " metric"
                + (run.metrics().size() == 1 ? ")" : "s)") + Details.because(run.message());
        return List.of(entry.step(
                StepKind.ANALYSIS_COMPLETED,
                outcome(run.phase()),
                TimelineContext.millisBetween(run.startedAt(), run.completedAt()),
                summary,
                details.map()));
    }

    private static Map<String, Object> metric(MetricResult metric) {
        return Details.of()
                .put("name", metric.name())
                .put("phase", metric.phase())
                .put("count", metric.count())
                .put("successful", metric.successful())
                .put("failed", metric.failed())
                .put("inconclusive", metric.inconclusive())
                .put("error", metric.error())
                .put("lastValue", metric.lastValue())
                .put("message", metric.message())
                .put("dryRun", metric.dryRun())
                .map();
    }

    private static StepOutcome outcome(Phase phase) {
        return switch (phase) {
            case SUCCESSFUL -> StepOutcome.SUCCEEDED;
            case FAILED, ERROR -> StepOutcome.FAILED;
            case INCONCLUSIVE -> StepOutcome.INFO;
            case PENDING, RUNNING -> StepOutcome.RUNNING;
        };
    }
}
