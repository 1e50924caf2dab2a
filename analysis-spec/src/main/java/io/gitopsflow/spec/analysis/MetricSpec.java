package io.gitopsflow.spec.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

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
 * @param unresolvedFields the schedule and limit fields written with {@code {{args.<name>}}} (e.g. {@code interval:
 *     "{{args.interval}}"}), as written, by field name: their typed component holds its default until a run starts,
 *     resolves them and checks the values ({@link #resolveFields}); empty in a run's metrics
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
        Map<String, AnalysisTemplate.ValueFrom> valueFromArgs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> unresolvedFields) {

    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    public MetricSpec {
        valueFromArgs = valueFromArgs == null ? Map.of() : Map.copyOf(valueFromArgs);
        unresolvedFields = unresolvedFields == null ? Map.of() : Map.copyOf(unresolvedFields);
    }

    /** A metric whose fields are all resolved. */
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
            Map<String, Object> providerConfig,
            Map<String, AnalysisTemplate.ValueFrom> valueFromArgs) {
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
                valueFromArgs,
                Map.of());
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
                readLater,
                unresolvedFields);
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
                valueFromArgs,
                unresolvedFields);
    }

    /**
     * This metric with its {@link #unresolvedFields} resolved by {@code resolve} (which replaces the
     * {@code {{args.x}}}), parsed and checked as Argo checks a metric when a run starts; {@link
     * IllegalArgumentException} saying which field is wrong and why.
     */
    public MetricSpec resolveFields(UnaryOperator<String> resolve) {
        if (unresolvedFields.isEmpty()) {
            return this;
        }
        Map<String, String> texts = new HashMap<>();
        unresolvedFields.forEach((field, written) -> texts.put(field, resolve.apply(written)));
        MetricSpec resolved = new MetricSpec(
                name,
                field(texts, "interval", MetricFields::duration, interval),
                field(texts, "initialDelay", MetricFields::duration, initialDelay),
                field(texts, "count", text -> MetricFields.integer("count", text), count),
                successCondition,
                failureCondition,
                field(texts, "failureLimit", text -> MetricFields.integer("failureLimit", text), failureLimit),
                field(
                        texts,
                        "inconclusiveLimit",
                        text -> MetricFields.integer("inconclusiveLimit", text),
                        inconclusiveLimit),
                field(
                        texts,
                        "consecutiveErrorLimit",
                        text -> MetricFields.integer("consecutiveErrorLimit", text),
                        consecutiveErrorLimit),
                field(
                        texts,
                        "consecutiveSuccessLimit",
                        text -> MetricFields.integer("consecutiveSuccessLimit", text),
                        consecutiveSuccessLimit),
                dryRun,
                measurementRetention,
                provider,
                providerConfig,
                valueFromArgs,
                Map.of());
        String broken = MetricFields.check(resolved).stream()
                .map(MetricFields.Violation::message)
                .collect(Collectors.joining("; "));
        if (!broken.isEmpty()) {
            throw new IllegalArgumentException(broken);
        }
        return resolved;
    }

    private <T> T field(Map<String, String> texts, String field, Function<String, T> parse, T unchanged) {
        if (!texts.containsKey(field)) {
            return unchanged;
        }
        String text = texts.get(field);
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + ": '" + unresolvedFields.get(field) + "' resolved to '" + text + "', which "
                            + readable(e.getMessage()),
                    e);
        }
    }

    private static String readable(String message) {
        // Durations says "'x' is not a duration (...)": keep the part after the value
        int quote = message.startsWith("'") ? message.indexOf('\'', 1) : -1;
        return quote > 0 ? message.substring(quote + 2) : message;
    }
}
