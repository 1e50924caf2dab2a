package io.gitopsflow.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading the console's JSON for tables: a missing field is null, times are shown as how long ago. */
public final class Fields {

    private Fields() {}

    /** The text at {@code path} (dot-separated fields), or null. */
    public static String text(JsonNode node, String path) {
        JsonNode at = node;
        for (String field : path.split("\\.")) {
            if (at == null || !at.has(field) || at.get(field).isNull()) {
                return null;
            }
            at = at.get(field);
        }
        return at.isValueNode() ? at.asText() : at.toString();
    }

    /** How long before {@code now} the instant at {@code path} was, as {@code 5s}, {@code 3m}, {@code 2h}, {@code 4d}. */
    public static String age(JsonNode node, String path, Instant now) {
        String value = text(node, path);
        if (value == null) {
            return null;
        }
        try {
            return short_(Duration.between(Instant.parse(value), now));
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    /** A duration as a person reads it: {@code 850ms}, {@code 12s}, {@code 4m10s}, {@code 3h5m}, {@code 2d4h}. */
    public static String short_(Duration duration) {
        long ms = Math.max(0, duration.toMillis());
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : s % 86400 / 3600 + "h");
    }
}
