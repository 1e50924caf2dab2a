package io.gitopsflow.console.service;

import io.gitopsflow.console.api.DoraFigures;
import io.gitopsflow.console.api.DoraReport;
import io.gitopsflow.console.config.DoraConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DORA metrics as Prometheus gauges at /q/metrics, for Grafana: computed by a job every
 * {@code gitops-flow.console.dora.refresh} (a minute), never on a scrape, so a scrape costs no query. Each gauge is
 * tagged with its pipeline, stage and window; the pipeline's own figures (its last stages together) carry an empty
 * stage. A figure without a sample (no lead time measured, nothing restored) has no series until it has one.
 */
@ApplicationScoped
public class DoraGauges {

    private final DoraService dora;
    private final MultiGauge deployments;
    private final MultiGauge deploymentsPerDay;
    private final MultiGauge leadTime;
    private final MultiGauge changeFailureRatio;
    private final MultiGauge timeToRestore;

    public DoraGauges(DoraService dora, MeterRegistry registry, DoraConfig config) {
        this.dora = dora;
        Log.debugf("DORA gauges recomputed every %s", config.refresh());
        this.deployments = gauge(
                registry,
                "gitopsflow.dora.deployments",
                "Deployments (promotions that reached Succeeded) in the window");
        this.deploymentsPerDay = gauge(registry, "gitopsflow.dora.deployments.per.day", "Deployments per day");
        this.leadTime = gauge(
                registry,
                "gitopsflow.dora.lead.time.seconds",
                "Lead time for changes, commit to verified, by quantile");
        this.changeFailureRatio = gauge(
                registry,
                "gitopsflow.dora.change.failure.ratio",
                "Changes written that failed verification or were rolled back, over changes written");
        this.timeToRestore = gauge(
                registry,
                "gitopsflow.dora.time.to.restore.seconds",
                "Median time from a failure to the next verified promotion");
    }

    /** Recomputes every active pipeline's metrics over every window and replaces the gauges' series. */
    @Scheduled(
            identity = "dora-gauges",
            every = "${gitops-flow.console.dora.refresh:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        Series series = new Series();
        try {
            for (String pipeline : dora.activePipelines()) {
                for (DoraWindow window : DoraWindow.values()) {
                    Optional<DoraReport> report = dora.report(pipeline, window);
                    report.ifPresent(found -> series.add(found, window));
                }
            }
        } catch (IllegalStateException e) {
            Log.warnf("DORA gauges not refreshed, they keep their last values: %s", e.getMessage());
            return;
        }
        deployments.register(series.deployments, true);
        deploymentsPerDay.register(series.deploymentsPerDay, true);
        leadTime.register(series.leadTime, true);
        changeFailureRatio.register(series.changeFailureRatio, true);
        timeToRestore.register(series.timeToRestore, true);
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    /** The series of one refresh, per gauge. */
    private static final class Series {
        private final List<MultiGauge.Row<?>> deployments = new ArrayList<>();
        private final List<MultiGauge.Row<?>> deploymentsPerDay = new ArrayList<>();
        private final List<MultiGauge.Row<?>> leadTime = new ArrayList<>();
        private final List<MultiGauge.Row<?>> changeFailureRatio = new ArrayList<>();
        private final List<MultiGauge.Row<?>> timeToRestore = new ArrayList<>();

        void add(DoraReport report, DoraWindow window) {
            add(
                    Tags.of("pipeline", report.pipeline(), "stage", "", "window", window.label()),
                    report.pipelineFigures());
            for (DoraReport.StageDora stage : report.stages()) {
                add(
                        Tags.of("pipeline", report.pipeline(), "stage", stage.stage(), "window", window.label()),
                        stage.figures());
            }
        }

        private void add(Tags tags, DoraFigures figures) {
            deployments.add(
                    MultiGauge.Row.of(tags, figures.deploymentFrequency().deployments()));
            deploymentsPerDay.add(
                    MultiGauge.Row.of(tags, figures.deploymentFrequency().perDay()));
            if (figures.leadTime().samples() > 0) {
                leadTime.add(MultiGauge.Row.of(
                        tags.and("quantile", "0.5"), figures.leadTime().p50Seconds()));
                leadTime.add(MultiGauge.Row.of(
                        tags.and("quantile", "0.9"), figures.leadTime().p90Seconds()));
            }
            if (figures.changeFailureRate().ratio() != null) {
                changeFailureRatio.add(
                        MultiGauge.Row.of(tags, figures.changeFailureRate().ratio()));
            }
            if (figures.timeToRestore().medianSeconds() != null) {
                timeToRestore.add(
                        MultiGauge.Row.of(tags, figures.timeToRestore().medianSeconds()));
            }
        }
    }
}
