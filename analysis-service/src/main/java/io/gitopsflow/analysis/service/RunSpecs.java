package io.gitopsflow.analysis.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.spec.analysis.AnalysisTemplate;
import io.gitopsflow.spec.analysis.MetricSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's metrics: the stage's templates with their arguments resolved ({@code {{args.name}}} replaced by the value the
 * stage passed, or the template's default), stored with the run as JSON so a run measures what it started with even
 * when a template changes or the service restarts.
 */
public final class RunSpecs {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");
    private static final TypeReference<List<MetricSpec>> METRICS = new TypeReference<>() {};

    private RunSpecs() {}

    /** A stage's templates that cannot be run, with the reason. */
    public static class UnresolvableException extends RuntimeException {
        public UnresolvableException(String message) {
            super(message);
        }
    }

    /** The metrics of {@code templates} (in order) with the arguments of their references resolved. */
    public static List<MetricSpec> resolve(List<AnalysisTemplateRef> refs, List<AnalysisTemplate> templates) {
        Map<String, AnalysisTemplate> byKey = new HashMap<>();
        templates.forEach(template -> byKey.putIfAbsent(template.key(), template));
        List<AnalysisTemplate> roots = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            roots.add(templates.get(i));
        }
        return resolve(refs, roots, key -> Optional.ofNullable(byKey.get(key)));
    }

    /**
     * The metrics of the stage's templates and of those they include ({@code spec.templates}, looked up with {@code
     * lookup}), with the arguments of each reference resolved, the fields written with {@code {{args.x}}} parsed, and
     * the {@code dryRun} and {@code measurementRetention} rules of all of them applied to all the run's metrics, as
     * Argo does for one AnalysisRun.
     */
    public static List<MetricSpec> resolve(
            List<AnalysisTemplateRef> refs,
            List<AnalysisTemplate> roots,
            Function<String, Optional<AnalysisTemplate>> lookup) {
        List<MetricSpec> metrics = new ArrayList<>();
        List<AnalysisTemplate> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < refs.size(); i++) {
            List<AnalysisTemplate> composed = TemplateComposition.flatten(roots.get(i), lookup, seen);
            all.addAll(composed);
            metrics.addAll(resolveRef(refs.get(i), roots.get(i), composed));
        }
        Set<String> names = new HashSet<>();
        for (MetricSpec metric : metrics) {
            if (!names.add(metric.name())) {
                throw new UnresolvableException("metric '" + metric.name() + "' is in more than one of the stage's"
                        + " templates: metric names must be unique in a run");
            }
        }
        if (metrics.isEmpty()) {
            throw new UnresolvableException("no metrics specified");
        }
        return RunRules.apply(all, metrics);
    }

    /** One reference's templates (it and those it includes) with its arguments resolved. */
    private static List<MetricSpec> resolveRef(
            AnalysisTemplateRef ref, AnalysisTemplate root, List<AnalysisTemplate> composed) {
        Map<String, String> values = new HashMap<>();
        Map<String, AnalysisTemplate.ValueFrom> readLater = new HashMap<>();
        Set<String> declared = new HashSet<>();
        for (AnalysisTemplate.Argument arg : TemplateComposition.mergeArgs(composed)) {
            declared.add(arg.name());
            if (arg.valueFrom() != null && !ref.args().containsKey(arg.name())) {
                readLater.put(arg.name(), arg.valueFrom());
                values.put(arg.name(), "{{args." + arg.name() + "}}"); // read when measured, never stored
                continue;
            }
            String value = ref.args().getOrDefault(arg.name(), arg.value());
            if (value == null) {
                throw new UnresolvableException("argument '" + arg.name() + "' of " + root.key()
                        + " has no default and the stage passes no value");
            }
            values.put(arg.name(), value);
        }
        for (String passed : ref.args().keySet()) {
            if (!declared.contains(passed)) {
                throw new UnresolvableException(
                        "the stage passes argument '" + passed + "', which " + root.key() + " does not declare");
            }
        }
        List<MetricSpec> metrics = new ArrayList<>();
        for (AnalysisTemplate template : composed) {
            for (MetricSpec metric : template.metrics()) {
                metrics.add(resolveMetric(template, metric, values, readLater));
            }
        }
        return metrics;
    }

    private static MetricSpec resolveMetric(
            AnalysisTemplate template,
            MetricSpec metric,
            Map<String, String> values,
            Map<String, AnalysisTemplate.ValueFrom> readLater) {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) substitute(metric.providerConfig(), values);
        String success = (String) substitute(metric.successCondition(), values);
        String failure = (String) substitute(metric.failureCondition(), values);
        Set<String> inFields = new HashSet<>();
        collectArgs(metric.unresolvedFields(), inFields);
        inFields.retainAll(readLater.keySet());
        if (!inFields.isEmpty()) {
            throw new UnresolvableException("metric '" + metric.name() + "' of " + template.key() + ": argument(s) "
                    + inFields + " are read when a measurement is taken (valueFrom) and cannot set "
                    + metric.unresolvedFields().keySet());
        }
        try {
            return metric.resolveFields(text -> (String) substitute(text, values))
                    .withProviderConfig(
                            config, success, failure, referenced(readLater, metric.providerConfig(), success, failure));
        } catch (IllegalArgumentException e) {
            throw new UnresolvableException(
                    "metric '" + metric.name() + "' of " + template.key() + ": " + e.getMessage());
        }
    }

    /** The arguments read at measurement time that the metric's settings or conditions name. */
    private static Map<String, AnalysisTemplate.ValueFrom> referenced(
            Map<String, AnalysisTemplate.ValueFrom> readLater, Object config, String success, String failure) {
        if (readLater.isEmpty()) {
            return Map.of();
        }
        Set<String> named = new HashSet<>();
        collectArgs(config, named);
        collectArgs(success, named);
        collectArgs(failure, named);
        Map<String, AnalysisTemplate.ValueFrom> used = new HashMap<>(readLater);
        used.keySet().retainAll(named);
        return used;
    }

    private static void collectArgs(Object value, Set<String> named) {
        if (value instanceof String text) {
            Matcher matcher = ARG.matcher(text);
            while (matcher.find()) {
                named.add(matcher.group(1));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(child -> collectArgs(child, named));
        } else if (value instanceof List<?> list) {
            list.forEach(child -> collectArgs(child, named));
        }
    }

    public static String toJson(List<MetricSpec> metrics) {
        try {
            return JSON.writeValueAsString(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run's metrics", e);
        }
    }

    /** The stored metrics of a run, by name in order. */
    public static Map<String, MetricSpec> of(AnalysisRun run) {
        try {
            Map<String, MetricSpec> byName = new LinkedHashMap<>();
            for (MetricSpec metric : JSON.readValue(run.metricsJson, METRICS)) {
                byName.put(metric.name(), metric);
            }
            return byName;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run " + run.id + " holds unreadable metrics", e);
        }
    }

    /** Characters of a value kept with a measurement and in {@code analysis-completed}: a record stays small. */
    public static final int MAX_DISPLAY = 4096;

    /** The value as text for storage and events: a list as {@code [0.97]}, a map as JSON; cut at {@value #MAX_DISPLAY}. */
    public static String display(Object value) {
        if (value == null) {
            return null;
        }
        String text;
        if (value instanceof String string) {
            text = string;
        } else {
            try {
                text = JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                text = String.valueOf(value);
            }
        }
        return text.length() <= MAX_DISPLAY ? text : text.substring(0, MAX_DISPLAY) + "…";
    }

    private static Object substitute(Object value, Map<String, String> args) {
        if (value instanceof String text) {
            Matcher matcher = ARG.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(matcher.group(1), "")));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, child) -> copy.put(String.valueOf(key), substitute(child, args)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(child -> substitute(child, args)).toList();
        }
        return value;
    }
}
