package io.gitopsflow.testkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scaling curve as a small SVG line plot (one line per series, the work on a logarithmic x axis), so a reader of
 * docs/benchmarks.md sees how the cost grows with the work. Only what a benchmark measured is drawn.
 */
public final class ScalingPlot {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 60;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();
    private boolean values;

    public ScalingPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds the point (x, y) to the series {@code name}; x must be positive. */
    public ScalingPlot add(String name, double x, double y) {
        series.computeIfAbsent(name, ignored -> new ArrayList<>()).add(new double[] {x, y});
        return this;
    }

    /** Also writes each point's value beside it (for a few points, e.g. milliseconds per size). */
    public ScalingPlot withValues() {
        values = true;
        return this;
    }

    /** Writes the plot to {@code file}. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, svg());
    }

    String svg() {
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double maxY = 0;
        for (List<double[]> points : series.values()) {
            for (double[] point : points) {
                minX = Math.min(minX, point[0]);
                maxX = Math.max(maxX, point[0]);
                maxY = Math.max(maxY, point[1]);
            }
        }
        Axis axis = new Axis(Math.log10(minX), Math.max(Math.log10(maxX), Math.log10(minX) + 1e-9), maxY * 1.1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, HEIGHT));
        svg.append(text(WIDTH / 2.0, 20, escape(title), "middle"));
        svg.append(text(WIDTH / 2.0, HEIGHT - 10, escape(xLabel), "middle"));
        svg.append(String.format(
                "<text x=\"15\" y=\"%d\" transform=\"rotate(-90 15 %d)\" text-anchor=\"middle\">%s</text>%n",
                HEIGHT / 2, HEIGHT / 2, escape(yLabel)));
        svg.append(axes(axis));
        int colour = 0;
        for (Map.Entry<String, List<double[]>> line : series.entrySet()) {
            svg.append(line(axis, line.getValue(), COLOURS[colour % COLOURS.length]));
            svg.append(String.format(
                    "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    MARGIN + 10, MARGIN + 16 * colour, COLOURS[colour % COLOURS.length], escape(line.getKey())));
            colour++;
        }
        return svg.append("</svg>\n").toString();
    }

    private String axes(Axis axis) {
        StringBuilder svg = new StringBuilder(String.format(
                "<polyline points=\"%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"black\"/>%n",
                MARGIN, MARGIN - 20, MARGIN, HEIGHT - MARGIN, WIDTH - 20, HEIGHT - MARGIN));
        series.values().stream()
                .flatMap(List::stream)
                .map(point -> point[0])
                .distinct()
                .forEach(x -> svg.append(text(axis.x(x), HEIGHT - MARGIN + 16, number(x), "middle")));
        for (int tick = 0; tick <= 4; tick++) {
            double y = axis.maxY() * tick / 4;
            svg.append(text(MARGIN - 6, axis.y(y) + 4, number(y), "end"));
        }
        return svg.toString();
    }

    private String line(Axis axis, List<double[]> points, String colour) {
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (double[] point : points) {
            path.append(String.format(Locale.ROOT, "%.1f,%.1f ", axis.x(point[0]), axis.y(point[1])));
            dots.append(String.format(
                    Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                    axis.x(point[0]),
                    axis.y(point[1]),
                    colour));
            if (values) {
                dots.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-size=\"10\">%s</text>%n",
                        axis.x(point[0]) + 5,
                        axis.y(point[1]) - 5,
                        colour,
                        number(point[1])));
            }
        }
        return String.format(
                        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                        path.toString().trim(), colour)
                + dots;
    }

    private static String text(double x, double y, String text, String anchor) {
        return String.format(
                Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, text);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format("%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Maps the data to the drawing: log10 of the work across, the cost up. */
    private record Axis(double minLogX, double maxLogX, double maxY) {

        double x(double value) {
            return MARGIN + (Math.log10(value) - minLogX) / (maxLogX - minLogX) * (WIDTH - MARGIN - 40);
        }

        double y(double value) {
            return HEIGHT - MARGIN - (maxY == 0 ? 0 : value / maxY * (HEIGHT - 2 * MARGIN));
        }
    }
}
