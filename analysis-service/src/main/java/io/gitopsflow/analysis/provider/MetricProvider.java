package io.gitopsflow.analysis.provider;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * A metric provider, as in Argo Rollouts: fetches the value a metric's conditions are evaluated on, and nothing more
 * (assessment is elsewhere, the same for every provider). An implementation is an {@code @ApplicationScoped} bean;
 * the registry finds it by {@link #name()}, so adding a provider is adding one class.
 */
public interface MetricProvider {

    /** The key under {@code provider:} in a template, e.g. {@code prometheus}. */
    String name();

    /**
     * What is wrong with the settings written under {@code provider.<name>} (arguments not yet resolved), each with
     * the field's path relative to it, e.g. {@code headers[0].key}. Fields the provider does not support are
     * problems too: nothing is ignored silently.
     */
    List<Problem> validate(Map<String, Object> config);

    /**
     * Takes one measurement with the settings (arguments resolved). The item is the {@code result} the conditions
     * see; a failure (unreachable, bad query, timeout, unreadable answer) makes the measurement an Error with the
     * failure's message. Never blocks the calling thread.
     */
    Uni<Object> measure(Map<String, Object> config);

    /**
     * A problem with one setting.
     *
     * @param path the setting, relative to {@code provider.<name>}
     * @param message what is wrong
     */
    record Problem(String path, String message) {}
}
