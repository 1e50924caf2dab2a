package io.gitopsflow.spec.analysis;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An Argo Rollouts {@code AnalysisTemplate} or {@code ClusterAnalysisTemplate}, validated.
 *
 * @param clusterScope true for a {@code ClusterAnalysisTemplate}
 * @param name {@code metadata.name}
 * @param source the file (and line) it was read from
 * @param args the declared arguments, with their defaults
 * @param metrics its own metrics (those of {@code templates} are added when a run starts)
 * @param dryRun its {@code dryRun} rules: they apply to every metric of a run the template is part of, as in Argo
 * @param measurementRetention its {@code measurementRetention} rules, likewise for the whole run
 * @param templates the templates it includes ({@code spec.templates}), whose metrics and arguments it adds
 */
public record AnalysisTemplate(
        boolean clusterScope,
        String name,
        String source,
        List<Argument> args,
        List<MetricSpec> metrics,
        List<MetricRule> dryRun,
        List<MetricRule> measurementRetention,
        List<TemplateRef> templates) {

    public AnalysisTemplate {
        args = args == null ? List.of() : List.copyOf(args);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        dryRun = dryRun == null ? List.of() : List.copyOf(dryRun);
        measurementRetention = measurementRetention == null ? List.of() : List.copyOf(measurementRetention);
        templates = templates == null ? List.of() : List.copyOf(templates);
    }

    /** A template that includes no other and has no dry-run or retention rule. */
    public AnalysisTemplate(
            boolean clusterScope, String name, String source, List<Argument> args, List<MetricSpec> metrics) {
        this(clusterScope, name, source, args, metrics, List.of(), List.of(), List.of());
    }

    /**
     * A {@code spec.templates} entry: another template whose metrics, arguments and rules this one adds.
     *
     * @param templateName the included template's name
     * @param clusterScope true when it is a {@code ClusterAnalysisTemplate}
     * @param line where the entry is written, for the error when it is missing
     */
    public record TemplateRef(String templateName, boolean clusterScope, int line) {

        public String key() {
            return AnalysisTemplate.key(clusterScope, templateName);
        }
    }

    /**
     * A {@code dryRun} or {@code measurementRetention} rule. Argo reads {@code metricName} as a regular expression
     * found anywhere in the metric's name ({@code .*} is every metric); {@code *} alone, which Argo's field
     * documentation calls a wildcard but its controller cannot compile, means every metric here.
     *
     * @param metricName the expression
     * @param limit measurements kept (retention rules), 0 for a dry-run rule
     */
    public record MetricRule(String metricName, int limit) {

        /** Whether this rule names {@code metric}. */
        public boolean matches(String metric) {
            return "*".equals(metricName)
                    || Pattern.compile(metricName).matcher(metric).find();
        }
    }

    /**
     * A declared argument.
     *
     * @param name referenced as {@code {{args.<name>}}}
     * @param value the default, or null when the stage must pass it
     * @param valueFrom where the value is read at measurement time instead (a Secret's key, a field), or null
     */
    public record Argument(String name, String value, ValueFrom valueFrom) {

        public Argument(String name, String value) {
            this(name, value, null);
        }
    }

    /**
     * Argo's {@code args[].valueFrom}: exactly one of the two is set. The value is read when a measurement is taken,
     * never stored with the run, a measurement or an event.
     *
     * @param secretKeyRef a key of a Secret in the namespace the run measures in
     * @param fieldRef a field of the analysed workload, e.g. {@code metadata.labels['app']}
     */
    public record ValueFrom(SecretKeyRef secretKeyRef, FieldRef fieldRef) {}

    /** {@code valueFrom.secretKeyRef}: the Secret's name and the key in its data. */
    public record SecretKeyRef(String name, String key) {}

    /** {@code valueFrom.fieldRef}: the field's path. */
    public record FieldRef(String fieldPath) {}

    /** {@code ClusterAnalysisTemplate/name} or {@code AnalysisTemplate/name}. */
    public String key() {
        return key(clusterScope, name);
    }

    public static String key(boolean clusterScope, String name) {
        return (clusterScope ? "ClusterAnalysisTemplate/" : "AnalysisTemplate/") + name;
    }
}
