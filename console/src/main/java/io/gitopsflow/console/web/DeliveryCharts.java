package io.gitopsflow.console.web;

import io.gitopsflow.console.api.DoraFigures;
import io.gitopsflow.console.api.DoraTrend;
import io.gitopsflow.console.service.DoraWindow;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Delivery page's four charts: each DORA figure of the pipeline's last stages per calendar day (a 7-day window) or
 * per week, oldest first. Deployments are charted as counts: a rate per day of a bucket cut at the window's end (today
 * so far) would leap. Durations are charted in the unit that suits the largest (seconds, minutes or hours).
 */
final class DeliveryCharts {

    private DeliveryCharts() {}

    static List<BarChart> of(DoraTrend trend, DoraWindow window) {
        String per = "day".equals(trend.bucket()) ? "day" : "week";
        String over = " for each " + per + " of the last " + window.days() + " days, oldest first";
        return List.of(
                chart(
                        "deployment-frequency",
                        "Deployments per " + per,
                        "Deployments" + over,
                        trend,
                        figures -> (double) figures.deploymentFrequency().deployments(),
                        figures -> Long.toString(figures.deploymentFrequency().deployments()),
                        figures -> Readable.count(figures.deploymentFrequency().deployments(), "deployment"),
                        1,
                        "deployments"),
                duration(
                        "lead-time",
                        "Lead time for changes (median)",
                        "The median lead time" + over,
                        trend,
                        figures -> figures.leadTime().p50Seconds(),
                        figures -> "p90 " + Readable.seconds(figures.leadTime().p90Seconds()) + ", "
                                + Readable.count(figures.leadTime().samples(), "change") + " measured"),
                chart(
                        "change-failure-rate",
                        "Change failure rate, by " + per,
                        "The change failure rate in percent" + over,
                        trend,
                        figures -> figures.changeFailureRate().ratio() == null
                                ? null
                                : figures.changeFailureRate().ratio() * 100,
                        figures -> Readable.percent(figures.changeFailureRate().ratio()),
                        figures -> Readable.count(figures.changeFailureRate().failures(), "failure") + " of "
                                + Readable.count(figures.changeFailureRate().changes(), "change"),
                        1,
                        "%"),
                duration(
                        "time-to-restore",
                        "Time to restore (median)",
                        "The median time to restore of the failures" + over,
                        trend,
                        figures -> figures.timeToRestore().medianSeconds(),
                        figures -> figures.timeToRestore().restored() + " restored, "
                                + figures.timeToRestore().unrestored() + " not yet"));
    }

    private static BarChart duration(
            String id,
            String title,
            String description,
            DoraTrend trend,
            Function<DoraFigures, Double> seconds,
            Function<DoraFigures, String> note) {
        double max = trend.buckets().stream()
                .map(bucket -> seconds.apply(bucket.figures()))
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        double unit = max >= 7200 ? 3600 : max >= 120 ? 60 : 1;
        String unitName = unit == 3600 ? "hours" : unit == 60 ? "minutes" : "seconds";
        return chart(
                id,
                title + " in " + unitName,
                description + ", in " + unitName,
                trend,
                seconds,
                figures -> Readable.seconds(seconds.apply(figures)),
                note,
                unit,
                unitName);
    }

    private static BarChart chart(
            String id,
            String title,
            String description,
            DoraTrend trend,
            Function<DoraFigures, Double> value,
            Function<DoraFigures, String> text,
            Function<DoraFigures, String> note,
            double divisor,
            String unit) {
        List<BarChart.Point> points = trend.buckets().stream()
                .map(bucket -> {
                    Double raw = value.apply(bucket.figures());
                    return new BarChart.Point(
                            Readable.day(bucket.from()),
                            raw == null ? null : raw / divisor,
                            text.apply(bucket.figures()),
                            note.apply(bucket.figures()));
                })
                .toList();
        double highest = points.stream()
                .map(BarChart.Point::value)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        String summary = description + "; the highest is " + BarChart.scale(highest) + " " + unit + ".";
        return BarChart.of("chart-" + id, title, summary, points, unit);
    }
}
