package io.gitopsflow.analysis.service;

import io.gitopsflow.spec.analysis.AnalysisTemplate;
import io.gitopsflow.spec.analysis.MetricSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code dryRun} and {@code measurementRetention} rules of a run, as Argo applies them to one AnalysisRun: the
 * rules of every template in the run, over every metric of the run; two rules with the same {@code metricName}, or a
 * rule that names no metric, end the run Error (Argo's "Rule didn't match any metric name(s)").
 */
final class RunRules {

    private RunRules() {}

    static List<MetricSpec> apply(List<AnalysisTemplate> templates, List<MetricSpec> metrics) {
        List<AnalysisTemplate.MetricRule> dryRun = combined(templates, AnalysisTemplate::dryRun, "Dry-Run");
        List<AnalysisTemplate.MetricRule> retention =
                combined(templates, AnalysisTemplate::measurementRetention, "Measurement Retention");
        checkEachMatches(dryRun, metrics, "dryRun");
        checkEachMatches(retention, metrics, "measurementRetention");
        List<MetricSpec> applied = new ArrayList<>();
        for (MetricSpec metric : metrics) {
            boolean dry = dryRun.stream().anyMatch(rule -> rule.matches(metric.name()));
            int keep = 0;
            for (AnalysisTemplate.MetricRule rule : retention) {
                if (rule.matches(metric.name())) {
                    keep = rule.limit(); // the last rule that names the metric, as in Argo
                }
            }
            applied.add(metric.named(metric.name(), dry, keep));
        }
        return applied;
    }

    private static List<AnalysisTemplate.MetricRule> combined(
            List<AnalysisTemplate> templates,
            Function<AnalysisTemplate, List<AnalysisTemplate.MetricRule>> rules,
            String kind) {
        List<AnalysisTemplate.MetricRule> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (AnalysisTemplate template : templates) {
            for (AnalysisTemplate.MetricRule rule : rules.apply(template)) {
                if (!names.add(rule.metricName())) {
                    throw new RunSpecs.UnresolvableException(
                            "two " + kind + " metric rules have the same name '" + rule.metricName() + "'");
                }
                all.add(rule);
            }
        }
        return all;
    }

    private static void checkEachMatches(
            List<AnalysisTemplate.MetricRule> rules, List<MetricSpec> metrics, String field) {
        for (int i = 0; i < rules.size(); i++) {
            AnalysisTemplate.MetricRule rule = rules.get(i);
            if (metrics.stream().noneMatch(metric -> rule.matches(metric.name()))) {
                throw new RunSpecs.UnresolvableException(
                        field + "[" + i + "]: Rule didn't match any metric name(s) ('" + rule.metricName() + "')");
            }
        }
    }
}
