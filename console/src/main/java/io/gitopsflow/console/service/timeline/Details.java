package io.gitopsflow.console.service.timeline;

import io.gitopsflow.events.codec.EventCodec;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The details of a step, in the order they were put, leaving out what is unknown (null or empty). */
public final class Details {

    private static final int MAX_SUMMARY_TEXT = 120;

    private final Map<String, Object> values = new LinkedHashMap<>();

    private Details() {}

    /** Empty details. */
    public static Details of() {
        return new Details();
    }

    /** Adds {@code value} under {@code name} unless it is null or an empty collection. */
    public Details put(String name, Object value) {
        if (value != null && !(value instanceof Collection<?> collection && collection.isEmpty())) {
            values.put(name, value);
        }
        return this;
    }

    /** The details, read-only. */
    public Map<String, Object> map() {
        return Collections.unmodifiableMap(values);
    }

    /** The first line of {@code text}, cut to fit a summary; empty when there is none. */
    public static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > MAX_SUMMARY_TEXT ? line.substring(0, MAX_SUMMARY_TEXT) + "…" : line;
    }

    /** {@code ": " + the first line of text}, or nothing when there is no text: the tail of a summary. */
    public static String because(String text) {
        String line = firstLine(text);
        return line.isEmpty() ? "" : ": " + line;
    }

    /** An enum of the contract as its JSON spells it ({@code HealthCheck}, {@code pr-opened}). */
    public static String jsonName(Enum<?> value) {
        return EventCodec.mapper().convertValue(value, String.class);
    }
}
