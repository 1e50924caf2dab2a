package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.provider.MetricProvider;
import io.gitopsflow.spec.analysis.TemplateParser;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.TreeMap;

/** Every {@link MetricProvider} bean, by name: a new provider class is found here without any other change. */
@ApplicationScoped
public class MetricProviders {

    private final Map<String, MetricProvider> byName = new TreeMap<>();
    private final ConditionEvaluator conditions = new ConditionEvaluator();

    public MetricProviders(@Any Instance<MetricProvider> providers) {
        for (MetricProvider provider : providers) {
            MetricProvider before = byName.put(provider.name(), provider);
            if (before != null) {
                throw new IllegalStateException("two metric providers are named " + provider.name() + ": "
                        + before.getClass().getName() + " and "
                        + provider.getClass().getName());
            }
        }
    }

    /** The provider named {@code name}, or {@link IllegalArgumentException}. */
    public MetricProvider get(String name) {
        MetricProvider provider = byName.get(name);
        if (provider == null) {
            throw new IllegalArgumentException(
                    "no metric provider named " + name + " (known: " + byName.keySet() + ")");
        }
        return provider;
    }

    public Map<String, MetricProvider> all() {
        return Map.copyOf(byName);
    }

    /** The conditions' evaluator, shared by the parser and the assessment. */
    public ConditionEvaluator conditions() {
        return conditions;
    }

    /** A parser that knows these providers. */
    public TemplateParser parser() {
        return new TemplateParser(byName, conditions);
    }
}
