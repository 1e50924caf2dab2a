package io.gitopsflow.spec.analysis.provider;

import io.gitopsflow.spec.analysis.Durations;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks Argo's {@code prometheus} provider settings: {@code address}, {@code query}, {@code timeout},
 * {@code headers}, {@code insecure}, {@code authentication} and {@code rangeQuery: {start, end, step}} (start and end
 * are expressions, checked by evaluating them). analysis-service's {@code PrometheusProvider} measures with them.
 */
public final class PrometheusSettings implements ProviderCheck {

    static final Set<String> SETTINGS =
            Set.of("address", "query", "timeout", "headers", "rangeQuery", "insecure", "authentication");
    static final Set<String> RANGE = Set.of("start", "end", "step");

    private final ConditionEvaluator expressions;

    public PrometheusSettings(ConditionEvaluator expressions) {
        this.expressions = expressions;
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public List<Problem> validate(Map<String, Object> config) {
        List<Problem> problems = new ArrayList<>();
        ProviderSettings.unsupported(config, SETTINGS, problems);
        ProviderSettings.requireText(config, "address", problems);
        ProviderSettings.checkUrl(config, "address", problems);
        ProviderSettings.requireText(config, "query", problems);
        ProviderSettings.checkSeconds(config, "timeout", problems);
        ProviderSettings.checkHeaders(config, problems);
        ProviderSettings.checkAuthentication(config, true, problems);
        Object range = config.get("rangeQuery");
        if (range != null) {
            if (!(range instanceof Map<?, ?> map)) {
                problems.add(new Problem("rangeQuery", "must be {start, end, step}"));
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = (Map<String, Object>) map;
                for (String key : settings.keySet()) {
                    if (!RANGE.contains(key)) {
                        problems.add(
                                new Problem("rangeQuery." + key, "is not supported (supported: end, start, step)"));
                    }
                }
                for (String key : RANGE) {
                    if (settings.get(key) == null) {
                        problems.add(new Problem("rangeQuery." + key, "is required"));
                    }
                }
                if (settings.get("step") != null
                        && !settings.get("step").toString().contains("{{")) {
                    try {
                        Durations.parse(settings.get("step").toString());
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem("rangeQuery.step", e.getMessage()));
                    }
                }
                for (String key : List.of("start", "end")) {
                    Object expression = settings.get(key);
                    if (expression != null && !expression.toString().contains("{{")) {
                        try {
                            expressions.number(expression.toString());
                        } catch (RuntimeException e) {
                            problems.add(new Problem("rangeQuery." + key, e.getMessage()));
                        }
                    }
                }
            }
        }
        return problems;
    }
}
