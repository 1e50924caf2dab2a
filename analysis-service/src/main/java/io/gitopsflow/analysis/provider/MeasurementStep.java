package io.gitopsflow.analysis.provider;

import io.gitopsflow.events.AnalysisCompleted.Phase;
import java.time.Duration;
import java.util.Map;

/**
 * What a provider answers for one step of a measurement: a value for the conditions to assess, a phase the provider
 * decided itself (a Job that completed or failed), or "still running, look again after {@code resumeAfter}".
 *
 * @param value the {@code result} the conditions see, when the conditions decide
 * @param phase the measurement's phase when the provider decided it, else null
 * @param message why, with a decided phase; or null
 * @param resumeAfter when running: how long until the provider is asked again; else null
 * @param metadata when running: what the provider needs to find the measurement again (stored with the metric)
 */
public record MeasurementStep(
        Object value, Phase phase, String message, Duration resumeAfter, Map<String, String> metadata) {

    public MeasurementStep {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A value the metric's conditions assess. */
    public static MeasurementStep value(Object value) {
        return new MeasurementStep(value, null, null, null, null);
    }

    /** A measurement the provider decided itself. */
    public static MeasurementStep decided(Phase phase, String message) {
        return new MeasurementStep(null, phase, message, null, null);
    }

    /** A measurement still going on: ask again after {@code resumeAfter} with {@code metadata}. */
    public static MeasurementStep running(Duration resumeAfter, Map<String, String> metadata) {
        return new MeasurementStep(null, null, null, resumeAfter, metadata);
    }

    public boolean isRunning() {
        return resumeAfter != null;
    }
}
