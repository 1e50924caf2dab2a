package io.gitopsflow.promotion.pipeline;

import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

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
        // an opening exactly now counts: lastExecution is strictly before its argument
        ZonedDateTime probe = local.plusSeconds(1);
        return executionTime
                .lastExecution(probe)
                .map(opened -> !local.isBefore(opened) && local.isBefore(opened.plus(duration)))
                .orElse(false);
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
