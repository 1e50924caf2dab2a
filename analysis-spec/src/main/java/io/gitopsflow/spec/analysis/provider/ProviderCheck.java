package io.gitopsflow.spec.analysis.provider;

import java.util.List;
import java.util.Map;

/**
 * What the template parser asks of a metric provider: its name under {@code provider:} and what is wrong with the
 * settings written there. Kept apart from measuring (analysis-service's {@code MetricProvider} extends it) so a
 * template can be checked offline, by the CLI's {@code lint}, with the very checks the service runs.
 */
public interface ProviderCheck {

    /** The key under {@code provider:} in a template, e.g. {@code prometheus}. */
    String name();

    /**
     * What is wrong with the settings written under {@code provider.<name>} (arguments not yet resolved), each with
     * the field's path relative to it, e.g. {@code headers[0].key}. Fields the provider does not support are
     * problems too: nothing is ignored silently.
     */
    List<Problem> validate(Map<String, Object> config);

    /**
     * A problem with one setting.
     *
     * @param path the setting, relative to {@code provider.<name>}
     * @param message what is wrong
     */
    record Problem(String path, String message) {}
}
