package io.gitopsflow.writer.bench;

import java.util.List;
import java.util.Locale;

/**
 * The scaling curve as a small SVG: the writer's time to the last answer and the raw JGit write's beside it, against
 * the number of applications on a logarithmic axis.
 */
final class ScalingPlot {

    private static final int WIDTH = 560;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private ScalingPlot() {}

    /** One size: applications, the writer's median and the raw JGit write's, in ms. */
    record Point(int apps, long writerMillis, long rawMillis) {}

    static String svg(String title, List<Point> points) {
        double maxMillis = points.stream()
                        .mapToLong(point -> Math.max(point.writerMillis(), point.rawMillis()))
                        .max()
                        .orElse(1)
                * 1.1;
        double minApps = Math.log10(points.get(0).apps());
        double maxApps = Math.log10(points.get(points.size() - 1).apps());
        StringBuilder svg = new StringBuilder();
        svg.append(format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, HEIGHT));
        svg.append(format("<text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", LEFT, title));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append(format(
                "<path d=\"M%d %d V%d H%d\" stroke=\"black\" fill=\"none\"/>%n",
                LEFT, TOP, TOP + plotHeight, LEFT + plotWidth));
        for (int tick = 0; tick <= 4; tick++) {
            double millis = maxMillis * tick / 4;
            double y = TOP + plotHeight - plotHeight * tick / 4.0;
            svg.append(
                    format("<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">%.0f ms</text>%n", LEFT - 6, y + 4, millis));
        }
        for (Point point : points) {
            double x = x(point.apps(), minApps, maxApps, plotWidth);
            svg.append(format(
                    "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%,d</text>%n",
                    x, TOP + plotHeight + 18, point.apps()));
        }
        svg.append(format(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">applications in one write</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 10));
        line(svg, points, true, "#1f6feb", minApps, maxApps, maxMillis, plotWidth, plotHeight, 0);
        line(svg, points, false, "#999999", minApps, maxApps, maxMillis, plotWidth, plotHeight, 1);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void line(
            StringBuilder svg,
            List<Point> points,
            boolean writer,
            String colour,
            double minApps,
            double maxApps,
            double maxMillis,
            int plotWidth,
            int plotHeight,
            int legend) {
        StringBuilder path = new StringBuilder();
        for (Point point : points) {
            double x = x(point.apps(), minApps, maxApps, plotWidth);
            long millis = writer ? point.writerMillis() : point.rawMillis();
            double y = TOP + plotHeight - plotHeight * millis / maxMillis;
            path.append(path.length() == 0 ? "M" : " L").append(format("%.1f %.1f", x, y));
            svg.append(format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
            svg.append(format(
                    "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-size=\"10\">%d</text>%n",
                    x + 5, y - 5, colour, millis));
        }
        svg.append(format("<path d=\"%s\" stroke=\"%s\" stroke-width=\"2\" fill=\"none\"/>%n", path, colour));
        int legendY = TOP + 20 + 18 * legend;
        svg.append(format(
                "<path d=\"M%d %d h20\" stroke=\"%s\" stroke-width=\"2\"/>" + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                WIDTH - RIGHT + 10,
                legendY,
                colour,
                WIDTH - RIGHT + 35,
                legendY + 4,
                writer ? "gitops-writer" : "raw JGit write"));
    }

    private static double x(int apps, double minApps, double maxApps, int plotWidth) {
        double span = Math.max(1e-9, maxApps - minApps);
        return LEFT + 20 + (plotWidth - 40) * (Math.log10(apps) - minApps) / span;
    }

    private static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }
}
