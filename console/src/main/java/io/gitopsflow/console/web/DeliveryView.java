package io.gitopsflow.console.web;

import io.gitopsflow.console.api.DoraFigures;
import io.gitopsflow.console.api.DoraReport;
import io.gitopsflow.console.api.DoraTrend;
import io.gitopsflow.console.service.DoraWindow;
import java.util.Arrays;
import java.util.List;

/**
 * What the Delivery page shows of a {@link DoraTrend}: the pipeline's four figures written for people next to the
 * exact values the JSON API gives, each stage's figures, and a chart of each figure per bucket.
 *
 * @param report the window's figures as the JSON API gives them
 * @param window the window shown
 * @param windows every window, for the choice
 * @param pipeline the pipeline's four figures
 * @param stages each stage's figures
 * @param bucket {@code day} or {@code week}
 * @param charts the four charts, in the order of the figures
 */
public record DeliveryView(
        DoraReport report,
        String window,
        List<Choice> windows,
        Figures pipeline,
        List<StageFigures> stages,
        String bucket,
        List<BarChart> charts) {

    /**
     * A window to choose.
     *
     * @param label 7d, 30d or 90d
     * @param days its days
     * @param current whether it is the one shown
     */
    public record Choice(String label, int days, boolean current) {}

    /**
     * One stage's (or the pipeline's) figures for people, each with its exact value ({@link Readable#exact}).
     *
     * @param figures the figures
     * @param perDay deployments per day, two decimals
     * @param leadP50 lead time p50
     * @param leadP90 lead time p90
     * @param failureRate change failure rate in percent
     * @param restore median time to restore
     */
    public record Figures(
            DoraFigures figures, String perDay, String leadP50, String leadP90, String failureRate, String restore) {

        static Figures of(DoraFigures figures) {
            return new Figures(
                    figures,
                    Readable.decimal(figures.deploymentFrequency().perDay()),
                    Readable.seconds(figures.leadTime().p50Seconds()),
                    Readable.seconds(figures.leadTime().p90Seconds()),
                    Readable.percent(figures.changeFailureRate().ratio()),
                    Readable.seconds(figures.timeToRestore().medianSeconds()));
        }

        /** The exact deployments per day. */
        public String perDayValue() {
            return Readable.exact(figures.deploymentFrequency().perDay());
        }

        /** The exact lead time p50 in seconds, or empty. */
        public String leadP50Value() {
            return Readable.exact(figures.leadTime().p50Seconds());
        }

        /** The exact lead time p90 in seconds, or empty. */
        public String leadP90Value() {
            return Readable.exact(figures.leadTime().p90Seconds());
        }

        /** The exact change failure ratio (0..1), or empty. */
        public String failureRateValue() {
            return Readable.exact(figures.changeFailureRate().ratio());
        }

        /** The exact median time to restore in seconds, or empty. */
        public String restoreValue() {
            return Readable.exact(figures.timeToRestore().medianSeconds());
        }
    }

    /**
     * A stage's figures.
     *
     * @param stage the stage
     * @param last whether it is one of the pipeline's last stages
     * @param figures its figures
     */
    public record StageFigures(String stage, boolean last, Figures figures) {}

    /** The window's days. */
    public int days() {
        return windows.stream()
                .filter(Choice::current)
                .mapToInt(Choice::days)
                .findFirst()
                .orElse(0);
    }

    /** The window's start, for people. */
    public String fromText() {
        return Readable.when(report.from());
    }

    /** The window's end, for people. */
    public String toText() {
        return Readable.when(report.to());
    }

    /** The view of {@code trend}. */
    public static DeliveryView of(DoraTrend trend, DoraWindow window) {
        DoraReport report = trend.report();
        List<Choice> windows = Arrays.stream(DoraWindow.values())
                .map(each -> new Choice(each.label(), each.days(), each == window))
                .toList();
        List<StageFigures> stages = report.stages().stream()
                .map(stage -> new StageFigures(stage.stage(), stage.last(), Figures.of(stage.figures())))
                .toList();
        return new DeliveryView(
                report,
                window.label(),
                windows,
                Figures.of(report.pipelineFigures()),
                stages,
                trend.bucket(),
                DeliveryCharts.of(trend, window));
    }
}
