package io.gitopsflow.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the pages write times, durations and ratios for people, in one place so every page rounds the same way: the
 * exact figure stays in the markup ({@code <time datetime>}, {@code <data value>}) for tools and tests.
 */
public final class Readable {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Readable() {}

    /** An instant as {@code 2026-12-05 23:40:12 UTC}; a dash when unknown. */
    public static String when(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant);
    }

    /** A day as {@code Dec 5} (UTC). */
    public static String day(Instant instant) {
        return DAY.format(instant);
    }

    /** Milliseconds as {@code 850 ms}, {@code 37 s}, {@code 2 min 05 s}, {@code 3 h 07 min}, {@code 2 d 04 h}. */
    public static String millis(Long millis) {
        if (millis == null) {
            return "—";
        }
        if (Math.abs(millis) < 1_000) {
            return millis + " ms";
        }
        return seconds(millis / 1000.0);
    }

    /** Seconds, rounded to the second, as {@link #millis} writes them; a dash without a figure. */
    public static String seconds(Double seconds) {
        if (seconds == null) {
            return "—";
        }
        long total = Math.round(seconds);
        Duration d = Duration.ofSeconds(Math.abs(total));
        String sign = total < 0 ? "-" : "";
        if (d.toMinutes() == 0) {
            return sign + d.toSeconds() + " s";
        }
        if (d.toHours() == 0) {
            return sign + "%d min %02d s".formatted(d.toMinutes(), d.toSecondsPart());
        }
        if (d.toDays() == 0) {
            return sign + "%d h %02d min".formatted(d.toHours(), d.toMinutesPart());
        }
        return sign + "%d d %02d h".formatted(d.toDays(), d.toHoursPart());
    }

    /** A count and its noun, {@code 1 deployment}, {@code 3 deployments}. */
    public static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** A figure with two decimals ({@code 0.17}). */
    public static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A ratio (0..1) as a percentage with one decimal ({@code 33.3 %}); a dash without a figure. */
    public static String percent(Double ratio) {
        return ratio == null ? "—" : String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    /** The exact figure as the JSON API writes it (Java's shortest repeatable form); empty without a figure. */
    public static String exact(Double value) {
        return value == null ? "" : Double.toString(value);
    }
}
