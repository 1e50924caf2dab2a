package io.gitopsflow.analysis.provider;

import java.time.OffsetDateTime;

/**
 * What a provider that acts in the cluster needs to know about the measurement it takes: Argo hands its providers the
 * whole AnalysisRun; these are the parts the {@code job} provider reads.
 *
 * @param runId the run's id, unique and stable (Argo's run uid: it names and labels the Jobs)
 * @param namespace the namespace the run measures in (its project's, see {@code MeasuredNamespaces})
 * @param metricName the metric's name
 * @param number the measurement's number for this metric, as Argo counts it ({@code count + error + 1}): the same
 *     while one measurement is taken, resumed or taken again after a restart
 * @param startedAt when this measurement started
 */
public record MeasurementContext(
        String runId, String namespace, String metricName, int number, OffsetDateTime startedAt) {}
