package io.gitopsflow.console.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bar chart of one figure over a window's buckets, laid out on the server as the numbers of an inline SVG (the
 * Content-Security-Policy allows no script to draw and no style attribute to size): its title and description for
 * screen readers, and the same values as a table.
 *
 * @param id the chart's id, unique in the page
 * @param title what it shows, with its unit
 * @param description what a reader would see in it: the buckets and the highest value
 * @param top the value of the top of the scale, for people
 * @param bars one bar per bucket, oldest first
 */
public record BarChart(String id, String title, String description, String top, List<Bar> bars) {

    /** The SVG's width and height in its own units (viewBox). */
    public static final int WIDTH = 600, HEIGHT = 180;

    static final double LEFT = 56, RIGHT = 592, TOP = 12, BOTTOM = 152;

    /**
     * A bucket's bar.
     *
     * @param label the bucket, for people (its first day)
     * @param text the value for people, or a dash without one
     * @param note what the value comes from (counts)
     * @param x the bar's left in the SVG's units
     * @param y its top
     * @param width its width
     * @param height its height (0 without a value)
     * @param labelX the middle of its slot, for the label under it
     */
    public record Bar(
            String label, String text, String note, String x, String y, String width, String height, String labelX) {}

    /**
     * A bucket's value before layout.
     *
     * @param label the bucket for people
     * @param value the value in the chart's unit, or null without one
     * @param text the value for people
     * @param note what it comes from
     */
    public record Point(String label, Double value, String text, String note) {}

    /** The chart of {@code points}; the scale's top is the highest value (1 when all are 0 or missing). */
    public static BarChart of(String id, String title, String description, List<Point> points, String unit) {
        double max = points.stream()
                .map(Point::value)
                .filter(value -> value != null && value > 0)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(1);
        double slot = (RIGHT - LEFT) / Math.max(1, points.size());
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            double value = point.value() == null ? 0 : Math.max(0, point.value());
            double height = (BOTTOM - TOP) * value / max;
            double x = LEFT + i * slot + slot * 0.15;
            bars.add(new Bar(
                    point.label(),
                    point.text(),
                    point.note(),
                    number(x),
                    number(BOTTOM - height),
                    number(slot * 0.7),
                    number(height),
                    number(LEFT + i * slot + slot / 2)));
        }
        return new BarChart(id, title, description, scale(max) + " " + unit, bars);
    }

    /** A value of a scale: fewer decimals the larger it is. */
    static String scale(double value) {
        String format = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, value);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
