package io.gitopsflow.spec.analysis;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go duration text as Argo Rollouts writes it ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms}). */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+");

    private Durations() {}

    /** The duration, or {@link IllegalArgumentException} saying what a Go duration looks like. */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration (a number and a unit: ms, s, m or h, e.g. 30s, 5m, 1h30m)");
        }
        double nanos = 0;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            double amount = Double.parseDouble(part.group(1));
            nanos += amount
                    * switch (part.group(2)) {
                        case "ns" -> 1;
                        case "us", "µs" -> 1_000;
                        case "ms" -> 1_000_000;
                        case "s" -> 1_000_000_000L;
                        case "m" -> 60_000_000_000L;
                        default -> 3_600_000_000_000L;
                    };
        }
        return Duration.ofNanos((long) nanos);
    }
}
