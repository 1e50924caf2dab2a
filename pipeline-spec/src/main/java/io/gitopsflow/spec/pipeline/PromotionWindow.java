package io.gitopsflow.spec.pipeline;

import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A period, opened by a cron schedule in a time zone and lasting {@code duration}, in which promotions are allowed or
 * denied (a freeze).
 *
 * @param kind allow or deny
 * @param schedule the cron expression as written (five fields: minute hour day-of-month month day-of-week)
 * @param executionTime when the window opens, parsed from the schedule
 * @param duration how long it stays open after each opening
 * @param zone the time zone the schedule is read in
 */
public record PromotionWindow(Kind kind, String schedule, ExecutionTime executionTime, Duration duration, ZoneId zone) {

    /** Whether the window is open at {@code now}. */
    public boolean isActive(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        // cron has minute precision: the window opened at the current minute when it matches, else at the last match
        ZonedDateTime minute = local.truncatedTo(ChronoUnit.MINUTES);
        Optional<ZonedDateTime> opened =
                executionTime.isMatch(minute) ? Optional.of(minute) : executionTime.lastExecution(minute);
        return opened.map(at -> local.isBefore(at.plus(duration))).orElse(false);
    }

    /**
     * Whether a promotion may start at {@code now}: no deny window is open, and an allow window is open when there
     * are any.
     *
     * @return null when it may, otherwise why not
     */
    public static String blockedBy(List<PromotionWindow> windows, Instant now) {
        for (PromotionWindow window : windows) {
            if (window.kind == Kind.DENY && window.isActive(now)) {
                return "deny window '" + window.schedule + "' (" + window.duration + ", " + window.zone + ") is open";
            }
        }
        List<PromotionWindow> allows =
                windows.stream().filter(w -> w.kind == Kind.ALLOW).toList();
        if (!allows.isEmpty() && allows.stream().noneMatch(w -> w.isActive(now))) {
            return "outside every allow window";
        }
        return null;
    }

    /** Whether a window allows or denies promotions. */
    public enum Kind {
        ALLOW,
        DENY
    }
}
