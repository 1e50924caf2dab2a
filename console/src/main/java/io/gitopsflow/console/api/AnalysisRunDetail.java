package io.gitopsflow.console.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * An analysis run as analysis-service shows it ({@code GET /analysis-runs/{id}} and its measurements), in the console's
 * own records: the console reads analysis-service's JSON and never its code, so these name only the fields the pages
 * use, and a field analysis-service adds later is ignored.
 *
 * @param run the run
 * @param metrics its metrics, in template order
 * @param measurements its measurements, oldest first
 * @param conditions each metric's conditions by metric name, as its AnalysisTemplate writes them (empty when the
 *     templates could not be read)
 */
public record AnalysisRunDetail(
        Run run, List<Metric> metrics, List<Measurement> measurements, Map<String, Conditions> conditions) {

    /**
     * analysis-service's {@code RunView}: a run with its metrics.
     *
     * @param run the run
     * @param metrics its metrics
     */
    public record View(Run run, List<Metric> metrics) {}

    /** A run: its stage, Freight, phase and verdict message. */
    public record Run(
            String id,
            String promotionId,
            String project,
            String stage,
            String freightId,
            String phase,
            String message,
            String templates,
            OffsetDateTime createdAt,
            OffsetDateTime startedAt,
            OffsetDateTime completedAt) {}

    /** A metric of a run: its phase and Argo's counters. */
    public record Metric(
            String name,
            String phase,
            String message,
            boolean dryRun,
            int measurements,
            int successful,
            int failed,
            int inconclusive,
            int error,
            String lastValue) {}

    /** One measurement: its value as text (a vector as {@code [0.97]}, null for an error), phase and times. */
    public record Measurement(
            Long id,
            String metricName,
            String phase,
            String value,
            String message,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt) {}

    /**
     * A metric's conditions as written in its template ({@code {{args.x}}} left as they are).
     *
     * @param successCondition Argo's {@code successCondition}, or null
     * @param failureCondition Argo's {@code failureCondition}, or null
     */
    public record Conditions(String successCondition, String failureCondition) {}
}
