package io.gitopsflow.console.service;

import java.time.Duration;
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
}
