package io.gitopsflow.console.web;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.gitopsflow.console.api.StageBoard;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stage's promotion windows evaluated at one instant, the way promotion-service decides whether a promotion may
 * start (its {@code PromotionWindow}: UNIX cron with minute precision, open from each match for the duration; a deny
 * window open freezes the stage, and where allow windows exist one must be open). Re-stated here from the contract's
 * definition, since the console depends on no service's code; the service still decides.
 */
public final class PromotionWindows {

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private PromotionWindows() {}

    /** What the windows say now. */
    public enum State {
        /** Promotions may start (no window, or none blocks). */
        OPEN,
        /** A deny window is open: frozen until {@link Verdict#until}. */
        FROZEN,
        /** Outside every allow window: opens at {@link Verdict#until}. */
        CLOSED
    }

    /**
     * One window now.
     *
     * @param window the window as declared
     * @param open whether it is open now
     * @param change when it closes (open) or opens next (closed); null when its schedule never matches or is unreadable
     */
    public record Evaluated(StageBoard.Window window, boolean open, Instant change) {

        /** How long it stays open after each opening, in words. */
        public String lasts() {
            return BoardView.seconds(window.durationSeconds());
        }

        /** Whether it denies promotions (a freeze). */
        public boolean deny() {
            return "deny".equalsIgnoreCase(window.kind());
        }
    }

    /**
     * The stage's windows now.
     *
     * @param state whether a promotion may start now
     * @param until when a freeze ends (FROZEN) or the next allow window opens (CLOSED); null when OPEN or unknown
     * @param windows each window
     */
    public record Verdict(State state, Instant until, List<Evaluated> windows) {

        /** Whether the state is open (for the template). */
        public boolean isOpen() {
            return state == State.OPEN;
        }

        /** Whether a deny window is open now. */
        public boolean isFrozen() {
            return state == State.FROZEN;
        }
    }

    /** Evaluates {@code windows} at {@code now}. */
    public static Verdict at(List<StageBoard.Window> windows, Instant now) {
        List<Evaluated> evaluated = new ArrayList<>();
        for (StageBoard.Window window : windows) {
            evaluated.add(evaluate(window, now));
        }
        Optional<Instant> frozenUntil = evaluated.stream()
                .filter(w -> w.deny() && w.open())
                .map(Evaluated::change)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
        if (frozenUntil.isPresent()) {
            return new Verdict(State.FROZEN, frozenUntil.get(), evaluated);
        }
        List<Evaluated> allows = evaluated.stream().filter(w -> !w.deny()).toList();
        if (!allows.isEmpty() && allows.stream().noneMatch(Evaluated::open)) {
            Instant opens = allows.stream()
                    .map(Evaluated::change)
                    .filter(Objects::nonNull)
                    .min(Comparator.naturalOrder())
                    .orElse(null);
            return new Verdict(State.CLOSED, opens, evaluated);
        }
        return new Verdict(State.OPEN, null, evaluated);
    }

    private static Evaluated evaluate(StageBoard.Window window, Instant now) {
        ExecutionTime schedule;
        ZoneId zone;
        try {
            schedule = ExecutionTime.forCron(CRON.parse(window.schedule()));
            zone = window.timeZone() == null ? ZoneId.of("UTC") : ZoneId.of(window.timeZone());
        } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
            // promotion-service refuses such a definition; an old or foreign one is shown, never evaluated
            return new Evaluated(window, false, null);
        }
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime minute = local.truncatedTo(ChronoUnit.MINUTES);
        Optional<ZonedDateTime> opened =
                schedule.isMatch(minute) ? Optional.of(minute) : schedule.lastExecution(minute);
        Optional<ZonedDateTime> closes = opened.map(at -> at.plusSeconds(window.durationSeconds()));
        if (closes.isPresent() && local.isBefore(closes.get())) {
            return new Evaluated(window, true, closes.get().toInstant());
        }
        Instant next =
                schedule.nextExecution(local).map(ZonedDateTime::toInstant).orElse(null);
        return new Evaluated(window, false, next);
    }
}
