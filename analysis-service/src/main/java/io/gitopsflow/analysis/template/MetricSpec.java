package io.gitopsflow.analysis.template;

import java.time.Duration;
import java.util.Map;

/**
 * One metric of an AnalysisTemplate, with Argo Rollouts' defaults applied.
 *
 * @param name the metric's name, unique in its run
 * @param interval time between measurements, or null for a single measurement
 * @param initialDelay wait this long after the run started before the first measurement, or null
 * @param count measurements to take, or null: one without an interval, unbounded with one
 * @param successCondition the condition a Successful measurement meets, or null
 * @param failureCondition the condition a Failed measurement meets, or null
 * @param failureLimit failed measurements tolerated (default 0; -1 disables the limit)
 * @param inconclusiveLimit inconclusive measurements tolerated (default 0)
 * @param consecutiveErrorLimit errors in a row tolerated (default 4)
 * @param consecutiveSuccessLimit successes in a row that make the metric Successful (0 = unused)
 * @param dryRun true when the metric is measured but never decides the run's phase
 * @param measurementRetention measurements kept per metric (0 = all)
 * @param provider the provider's name, e.g. {@code prometheus}
 * @param providerConfig the provider's settings as written under {@code provider.<name>}
 * @param valueFromArgs the arguments still written {@code {{args.<name>}}} in the settings and conditions because
 *     their value is read at measurement time (Argo's {@code valueFrom}), by name; empty when none
 */
public record MetricSpec(
        String name,
        Duration interval,
        Duration initialDelay,
        Integer count,
        String successCondition,
        String failureCondition,
        int failureLimit,
        int inconclusiveLimit,
        int consecutiveErrorLimit,
        int consecutiveSuccessLimit,
        boolean dryRun,
        int measurementRetention,
        String provider,
        Map<String, Object> providerConfig,
        Map<String, AnalysisTemplate.ValueFrom> valueFromArgs) {

    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    public MetricSpec {
        valueFromArgs = valueFromArgs == null ? Map.of() : Map.copyOf(valueFromArgs);
    }

    /** A metric with no argument read at measurement time. */
    public MetricSpec(
            String name,
            Duration interval,
            Duration initialDelay,
            Integer count,
            String successCondition,
            String failureCondition,
            int failureLimit,
            int inconclusiveLimit,
            int consecutiveErrorLimit,
            int consecutiveSuccessLimit,
            boolean dryRun,
            int measurementRetention,
            String provider,
            Map<String, Object> providerConfig) {
        this(
                name,
                interval,
                initialDelay,
                count,
                successCondition,
                failureCondition,
                failureLimit,
                inconclusiveLimit,
                consecutiveErrorLimit,
                consecutiveSuccessLimit,
                dryRun,
                measurementRetention,
                provider,
                providerConfig,
                Map.of());
    }

    /**
     * How many measurements end the metric, as Argo's {@code EffectiveCount}: the count when set, 1 when there is
     * neither a count nor an interval, null (unbounded) otherwise.
     */
    public Integer effectiveCount() {
        if (count != null) {
            return count;
        }
        return interval == null ? 1 : null;
    }

    /**
     * This metric with {@code providerConfig} and its conditions replaced (arguments resolved), and the arguments
     * left to read at measurement time.
     */
    public MetricSpec withProviderConfig(
            Map<String, Object> resolved,
            String resolvedSuccess,
            String resolvedFailure,
            Map<String, AnalysisTemplate.ValueFrom> readLater) {
        return new MetricSpec(
                name,
                interval,
                initialDelay,
                count,
                resolvedSuccess,
                resolvedFailure,
                failureLimit,
                inconclusiveLimit,
                consecutiveErrorLimit,
                consecutiveSuccessLimit,
                dryRun,
                measurementRetention,
                provider,
                resolved,
                readLater);
    }

    /** This metric with its name and the template's {@code dryRun} and {@code measurementRetention} for it. */
    public MetricSpec named(String metricName, boolean isDryRun, int retention) {
        return new MetricSpec(
                metricName,
                interval,
                initialDelay,
                count,
                successCondition,
                failureCondition,
                failureLimit,
                inconclusiveLimit,
                consecutiveErrorLimit,
                consecutiveSuccessLimit,
                isDryRun,
                retention,
                provider,
                providerConfig,
                valueFromArgs);
    }
}
