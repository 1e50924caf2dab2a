package io.gitopsflow.console.service;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Optional;

/** The windows DORA metrics are counted over: the last 7, 30 or 90 days (the read model keeps the history). */
public enum DoraWindow {
    DAYS_7("7d", 7),
    DAYS_30("30d", 30),
    DAYS_90("90d", 90);

    /** The window when a request names none. */
    public static final DoraWindow DEFAULT = DAYS_30;

    private final String label;
    private final int days;

    DoraWindow(String label, int days) {
        this.label = label;
        this.days = days;
    }

    /** The window {@code label} names (7d, 30d, 90d); empty for anything else. */
    public static Optional<DoraWindow> of(String label) {
        return Arrays.stream(values())
                .filter(window -> window.label.equals(label))
                .findFirst();
    }

    /** How the API and the metrics name it: 7d, 30d or 90d. */
    public String label() {
        return label;
    }

    /** Its length in days. */
    public int days() {
        return days;
    }

    /** Its length. */
    public Duration length() {
        return Duration.ofDays(days);
    }

    /** The span its charts count by: a day for a week, else a week. */
    public Duration bucket() {
        return days <= 7 ? Duration.ofDays(1) : Duration.ofDays(7);
    }

    /**
     * Where its charts' first bucket starts for a window from {@code from}: the start of that calendar day (UTC), or of
     * its ISO week (Monday, UTC), so the buckets are the days or weeks of the calendar.
     */
    public Instant origin(Instant from) {
        LocalDate day = from.atZone(ZoneOffset.UTC).toLocalDate();
        if (bucket().toDays() > 1) {
            day = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
