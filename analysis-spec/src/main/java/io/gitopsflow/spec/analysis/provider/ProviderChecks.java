package io.gitopsflow.spec.analysis.provider;

import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import java.util.List;
import java.util.Map;

/**
 * The settings checks of every provider gitops-flow measures with ({@code prometheus}, {@code web}, {@code job}), for
 * reading templates where no provider runs: the CLI's {@code lint}. The service's providers run the same checks.
 */
public final class ProviderChecks {

    private ProviderChecks() {}

    /** Every provider's check, by name. */
    public static Map<String, ProviderCheck> all(ConditionEvaluator expressions) {
        return Map.of(
                "prometheus", new PrometheusSettings(expressions),
                "web", new WebSettings(),
                "job", new JobCheck());
    }

    /** Argo's {@code job} provider: a batch/v1 Job, checked by {@link JobSettings}. */
    private static final class JobCheck implements ProviderCheck {

        @Override
        public String name() {
            return "job";
        }

        @Override
        public List<Problem> validate(Map<String, Object> config) {
            List<Problem> problems = new java.util.ArrayList<>();
            JobSettings.check(config, problems);
            return problems;
        }
    }
}
