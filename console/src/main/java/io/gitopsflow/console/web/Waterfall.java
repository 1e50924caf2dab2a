package io.gitopsflow.console.web;

import io.gitopsflow.console.api.CommitTimeline;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A commit's timeline laid out as a waterfall: each step as a bar from its start (its time less its duration) to its
 * time, placed relative to the whole way from the first start to the last step. Computed here, as numbers of a 0..100
 * scale the page's SVG uses, because the Content-Security-Policy forbids the style attributes a browser script would
 * set.
 *
 * @param rows the steps in the timeline's order
 * @param total how long the whole way took so far
 */
public record Waterfall(List<Row> rows, String total) {

    /** The narrowest bar, so an instant still shows. */
    static final double MIN_WIDTH = 0.4;

    /**
     * One step of the waterfall.
     *
     * @param number its place, from 1
     * @param step the step as the timeline gives it
     * @param name its kind in words
     * @param start when it started (its time less its duration)
     * @param startText that start for people
     * @param offset how long after the way's start it started, for people
     * @param duration its duration for people, or a dash
     * @param x the bar's start on a 0..100 scale
     * @param width the bar's width on that scale
     * @param failed whether it failed (shown in red)
     * @param reason why it failed (its reason, else its message, else its summary); null unless failed
     */
    public record Row(
            int number,
            TimelineStep step,
            String name,
            Instant start,
            String startText,
            String offset,
            String duration,
            String x,
            String width,
            boolean failed,
            String reason) {}

    /** The waterfall of {@code timeline}. */
    public static Waterfall of(CommitTimeline timeline) {
        List<TimelineStep> steps = timeline.steps();
        if (steps.isEmpty()) {
            return new Waterfall(List.of(), Readable.millis(0L));
        }
        Instant first =
                steps.stream().map(Waterfall::start).min(Instant::compareTo).orElseThrow();
        Instant last =
                steps.stream().map(TimelineStep::at).max(Instant::compareTo).orElseThrow();
        long span = Math.max(1, Duration.between(first, last).toMillis());
        List<Row> rows = new ArrayList<>();
        for (TimelineStep step : steps) {
            rows.add(row(rows.size() + 1, step, first, span));
        }
        return new Waterfall(
                List.copyOf(rows), Readable.millis(Duration.between(first, last).toMillis()));
    }

    private static Row row(int number, TimelineStep step, Instant first, long span) {
        Instant start = start(step);
        double x = 100.0 * Duration.between(first, start).toMillis() / span;
        double width =
                Math.max(MIN_WIDTH, 100.0 * Duration.between(start, step.at()).toMillis() / span);
        x = Math.max(0, Math.min(x, 100 - width));
        boolean failed = step.outcome() == StepOutcome.FAILED;
        return new Row(
                number,
                step,
                step.kind().value().replace('-', ' '),
                start,
                Readable.when(start),
                "+" + Readable.millis(Duration.between(first, start).toMillis()),
                Readable.millis(step.durationMillis()),
                scale(x),
                scale(width),
                failed,
                failed ? reason(step) : null);
    }

    /** When a step started: its time less its duration, or its time when it has none. */
    static Instant start(TimelineStep step) {
        Long duration = step.durationMillis();
        return duration == null || duration < 0 ? step.at() : step.at().minusMillis(duration);
    }

    private static String reason(TimelineStep step) {
        for (String key : new String[] {"reason", "message"}) {
            Object value = step.details() == null ? null : step.details().get(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return step.summary();
    }

    private static String scale(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
