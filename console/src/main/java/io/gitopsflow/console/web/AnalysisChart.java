package io.gitopsflow.console.web;

import io.gitopsflow.console.api.AnalysisRunDetail;
import io.gitopsflow.console.api.AnalysisRunDetail.Measurement;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart of one metric of an analysis run, computed on the server so that the page draws it as plain SVG (no
 * script, no style attribute): each measurement a point at its value and time, marked by its phase; the line through
 * the values; the metric's conditions as text, and a dashed line at the threshold of a simple one
 * ({@link ConditionThreshold}). A measurement without a number (an error) sits on the time axis.
 *
 * @param name the metric
 * @param phase its phase
 * @param message its message, or null
 * @param successCondition its success condition, or null
 * @param failureCondition its failure condition, or null
 * @param points one per measurement, oldest first
 * @param line the SVG {@code points} of the line through the numeric values
 * @param limits the thresholds drawn
 * @param yMin the lowest value of the vertical axis, as text
 * @param yMax the highest, as text
 * @param from the first measurement's time, or null
 * @param to the last one's, or null
 * @param measurements the measurements, for the table
 */
public record AnalysisChart(
        String name,
        String phase,
        String message,
        String successCondition,
        String failureCondition,
        List<Point> points,
        String line,
        List<Limit> limits,
        String yMin,
        String yMax,
        OffsetDateTime from,
        OffsetDateTime to,
        List<Measurement> measurements) {

    /** The plot area in the SVG's 640 × 220 view box. */
    static final double LEFT = 64;

    static final double RIGHT = 628;
    static final double TOP = 12;
    static final double BOTTOM = 188;

    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /**
     * A measurement's point.
     *
     * @param x its horizontal position
     * @param y its vertical position
     * @param phase its phase as a class name ({@code Successful}, {@code Failed}, {@code Inconclusive}, {@code Error})
     * @param label what a screen reader or a tooltip says of it
     */
    public record Point(String x, String y, String phase, String label) {}

    /**
     * A threshold line.
     *
     * @param kind {@code success} or {@code failure}
     * @param y its vertical position
     * @param label e.g. {@code failure when < 0.05}
     */
    public record Limit(String kind, String y, String label) {}

    /** The charts of a run: one per metric, in the run's order. */
    public static List<AnalysisChart> of(AnalysisRunDetail detail) {
        List<AnalysisChart> charts = new ArrayList<>();
        for (AnalysisRunDetail.Metric metric : detail.metrics()) {
            List<Measurement> taken = detail.measurements().stream()
                    .filter(m -> metric.name().equals(m.metricName()))
                    .toList();
            AnalysisRunDetail.Conditions conditions =
                    detail.conditions().getOrDefault(metric.name(), new AnalysisRunDetail.Conditions(null, null));
            charts.add(of(metric, taken, conditions));
        }
        return charts;
    }

    /** The chart of one metric. */
    static AnalysisChart of(
            AnalysisRunDetail.Metric metric, List<Measurement> taken, AnalysisRunDetail.Conditions conditions) {
        Optional<ConditionThreshold> success = ConditionThreshold.parse(conditions.successCondition());
        Optional<ConditionThreshold> failure = ConditionThreshold.parse(conditions.failureCondition());
        List<Double> values = taken.stream().map(m -> number(m.value())).toList();
        Scale scale = Scale.of(values, success, failure);
        List<Point> points = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < taken.size(); i++) {
            Measurement measurement = taken.get(i);
            double x = x(taken, i);
            Double value = values.get(i);
            double y = value == null ? BOTTOM : scale.y(value);
            points.add(new Point(format(x), format(y), phaseClass(measurement.phase()), label(measurement)));
            if (value != null) {
                line.append(line.isEmpty() ? "" : " ")
                        .append(format(x))
                        .append(',')
                        .append(format(y));
            }
        }
        List<Limit> limits = new ArrayList<>();
        success.ifPresent(t -> limits.add(limit("success", t, scale)));
        failure.ifPresent(t -> limits.add(limit("failure", t, scale)));
        return new AnalysisChart(
                metric.name(),
                metric.phase(),
                metric.message(),
                conditions.successCondition(),
                conditions.failureCondition(),
                points,
                line.toString(),
                limits,
                plain(scale.min()),
                plain(scale.max()),
                taken.isEmpty() ? null : time(taken.get(0)),
                taken.isEmpty() ? null : time(taken.get(taken.size() - 1)),
                taken);
    }

    /** The number a measurement's value holds: {@code 0.97}, or the first of a vector {@code [0.97]}; else null. */
    static Double number(String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).split(",", 2)[0].strip();
        }
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        double number = Double.parseDouble(text);
        return Double.isFinite(number) ? number : null;
    }

    // by time when every measurement has one, else evenly by order
    private static double x(List<Measurement> taken, int index) {
        if (taken.size() == 1) {
            return (LEFT + RIGHT) / 2;
        }
        boolean timed = taken.stream().allMatch(m -> time(m) != null);
        double first = timed ? time(taken.get(0)).toInstant().toEpochMilli() : 0;
        double last = timed ? time(taken.get(taken.size() - 1)).toInstant().toEpochMilli() : taken.size() - 1;
        double at = timed ? time(taken.get(index)).toInstant().toEpochMilli() : index;
        if (last <= first) {
            first = 0;
            last = taken.size() - 1;
            at = index;
        }
        return LEFT + (at - first) / (last - first) * (RIGHT - LEFT);
    }

    private static OffsetDateTime time(Measurement measurement) {
        return measurement.finishedAt() != null ? measurement.finishedAt() : measurement.startedAt();
    }

    private static Limit limit(String kind, ConditionThreshold threshold, Scale scale) {
        return new Limit(
                kind,
                format(scale.y(threshold.value())),
                kind + " when " + threshold.operator() + " " + plain(threshold.value()));
    }

    private static String label(Measurement measurement) {
        String value = measurement.value() == null ? "no value" : measurement.value();
        OffsetDateTime at = time(measurement);
        return measurement.phase() + ": " + value + (at == null ? "" : " at " + at);
    }

    private static String phaseClass(String phase) {
        String word = phase == null ? "" : phase.replaceAll("[^A-Za-z]", "");
        return word.isEmpty() ? "Unknown" : word;
    }

    private static String format(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }

    static String plain(double value) {
        return BigDecimal.valueOf(value)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** The vertical axis: from the lowest to the highest of the values and thresholds, with a margin. */
    private record Scale(double min, double max) {

        static Scale of(
                List<Double> values, Optional<ConditionThreshold> success, Optional<ConditionThreshold> failure) {
            List<Double> all =
                    new ArrayList<>(values.stream().filter(v -> v != null).toList());
            success.ifPresent(t -> all.add(t.value()));
            failure.ifPresent(t -> all.add(t.value()));
            if (all.isEmpty()) {
                return new Scale(0, 1);
            }
            double low = all.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double high = all.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double margin = high > low ? (high - low) * 0.1 : Math.max(Math.abs(high) * 0.1, 1);
            return new Scale(low - margin, high + margin);
        }

        double y(double value) {
            return BOTTOM - (value - min) / (max - min) * (BOTTOM - TOP);
        }
    }
}
