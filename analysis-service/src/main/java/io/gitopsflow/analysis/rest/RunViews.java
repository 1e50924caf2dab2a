package io.gitopsflow.analysis.rest;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.Measurement;
import io.gitopsflow.analysis.RunMetric;
import java.time.OffsetDateTime;

/** What the API shows of runs, metrics and measurements: records made from the stored rows, never the rows. */
public final class RunViews {

    private RunViews() {}

    /** A run: its stage, Freight, phase and verdict message, and whether the verdict is on Kafka. */
    public record Run(
            String id,
            String promotionId,
            String project,
            String stage,
            String freightId,
            String phase,
            String message,
            boolean terminate,
            String templates,
            boolean published,
            OffsetDateTime createdAt,
            OffsetDateTime startedAt,
            OffsetDateTime completedAt) {

        static Run of(AnalysisRun run) {
            return new Run(
                    run.id,
                    run.promotionId,
                    run.project,
                    run.stage,
                    run.freightId,
                    run.phase,
                    run.message,
                    run.terminate,
                    run.templates,
                    run.published,
                    run.createdAt,
                    run.startedAt,
                    run.completedAt);
        }
    }

    /** A metric of a run: its phase, Argo's counters, its last value and when it is measured next. */
    public record Metric(
            String runId,
            String name,
            String phase,
            String message,
            boolean dryRun,
            int measurements,
            int count,
            int successful,
            int failed,
            int inconclusive,
            int error,
            int consecutiveError,
            int consecutiveSuccess,
            String lastValue,
            OffsetDateTime nextAt) {

        static Metric of(RunMetric metric) {
            return new Metric(
                    metric.runId,
                    metric.name,
                    metric.phase,
                    metric.message,
                    metric.dryRun,
                    metric.measurements,
                    metric.count,
                    metric.successful,
                    metric.failed,
                    metric.inconclusive,
                    metric.error,
                    metric.consecutiveError,
                    metric.consecutiveSuccess,
                    metric.lastValue,
                    metric.nextAt);
        }
    }

    /** One measurement taken. */
    public record Taken(
            Long id,
            String metricName,
            String phase,
            String value,
            String message,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt) {

        static Taken of(Measurement measurement) {
            return new Taken(
                    measurement.id,
                    measurement.metricName,
                    measurement.phase,
                    measurement.value,
                    measurement.message,
                    measurement.startedAt,
                    measurement.finishedAt);
        }
    }
}
