package io.gitopsflow.analysis.service;

import io.gitopsflow.spec.analysis.MetricSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of one measurement's {@code valueFrom} arguments: put into the metric's settings and conditions for the
 * provider, and masked ({@value #MASK}, as Argo's redactor writes) in whatever the measurement stores, logs or
 * publishes. Never printed: {@link #toString()} names the arguments only.
 */
public final class SecretArguments {

    /** Argo's mask for a secret value in a measurement's message. */
    public static final String MASK = "*****";

    static final SecretArguments NONE = new SecretArguments(Map.of());

    private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");

    private final Map<String, String> values;

    SecretArguments(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** {@code spec} with these arguments' placeholders replaced by their values (only in memory, for the provider). */
    @SuppressWarnings("unchecked")
    public MetricSpec fill(MetricSpec spec) {
        if (values.isEmpty()) {
            return spec;
        }
        return spec.withProviderConfig(
                (Map<String, Object>) fill((Object) spec.providerConfig()),
                (String) fill((Object) spec.successCondition()),
                (String) fill((Object) spec.failureCondition()),
                Map.of());
    }

    /** {@code text} with every value replaced by {@value #MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String value : values.values()) {
            if (!value.isEmpty()) {
                masked = masked.replace(value, MASK);
            }
        }
        return masked;
    }

    private Object fill(Object value) {
        if (value instanceof String text) {
            Matcher matcher = ARG.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String replacement = values.getOrDefault(matcher.group(1), matcher.group());
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, child) -> copy.put(String.valueOf(key), fill(child)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::fill).toList();
        }
        return value;
    }

    @Override
    public String toString() {
        return "SecretArguments" + values.keySet();
    }
}
