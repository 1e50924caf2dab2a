package io.gitopsflow.analysis.provider;

import io.gitopsflow.spec.analysis.provider.ProviderCheck;
import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * A metric provider, as in Argo Rollouts: fetches the value a metric's conditions are evaluated on, and nothing more
 * (assessment is elsewhere, the same for every provider). An implementation is an {@code @ApplicationScoped} bean;
 * the registry finds it by {@link #name()}; its settings checks ({@link ProviderCheck}) live in analysis-spec, for the CLI, so adding a provider is adding one class.
 *
 * <p>Most providers answer at once ({@link #measure}). A provider whose measurement outlives one call (Argo's
 * {@code job}) answers {@link MeasurementStep#running} from {@link #run} and is asked again through {@link #resume}
 * until it ends, across restarts: what it needs to find its measurement again is the step's metadata, stored with
 * the metric. Argo's Provider interface, one method each: Run, Resume, Terminate, GarbageCollect.
 */
public interface MetricProvider extends ProviderCheck {

    /**
     * Takes one measurement with the settings (arguments resolved). The item is the {@code result} the conditions
     * see; a failure (unreachable, bad query, timeout, unreadable answer) makes the measurement an Error with the
     * failure's message. Never blocks the calling thread.
     */
    default Uni<Object> measure(Map<String, Object> config) {
        return Uni.createFrom()
                .failure(new MeasurementException("provider " + name() + " measures through run(), not measure()"));
    }

    /**
     * True when the provider acts in the run's namespace (Argo's {@code job}): its measurements need that namespace
     * to be a valid one.
     */
    default boolean measuresInCluster() {
        return false;
    }

    /**
     * Starts one measurement (Argo's {@code Run}): by default the value {@link #measure} answers, for the conditions
     * to assess. Never blocks the calling thread.
     */
    default Uni<MeasurementStep> run(MeasurementContext context, Map<String, Object> config) {
        return measure(config).map(MeasurementStep::value);
    }

    /**
     * Looks again at a measurement {@link #run} (or an earlier resume) answered running for (Argo's {@code Resume}),
     * with the metadata that answer carried. Only providers that answer running are ever asked.
     */
    default Uni<MeasurementStep> resume(
            MeasurementContext context, Map<String, Object> config, Map<String, String> metadata) {
        return Uni.createFrom().failure(new MeasurementException("provider " + name() + " cannot resume"));
    }

    /** Stops a measurement still running because its run ended (Argo's {@code Terminate}); nothing by default. */
    default Uni<Void> terminate(MeasurementContext context, Map<String, String> metadata) {
        return Uni.createFrom().voidItem();
    }

    /**
     * Removes what the metric's older measurements left behind, keeping the newest {@code keep} (Argo's
     * {@code GarbageCollect}); nothing by default.
     */
    default Uni<Void> garbageCollect(MeasurementContext context, int keep) {
        return Uni.createFrom().voidItem();
    }
}
