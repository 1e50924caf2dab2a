package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.Measurement;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.assessment.Assessment.Verdict;
import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.MeasurementRepository;
import io.gitopsflow.analysis.repository.RunMetricRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.gitopsflow.analysis.service.InFlightMeasurements.Stop;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores one measurement and what follows from it in one transaction, the run's row locked (so metrics finishing
 * together never race): the metric's counters and phase, when it is measured next, and the run's phase. A measurement
 * still running (Argo's Run/Resume) is stored as in flight instead, to be resumed.
 */
@ApplicationScoped
public class MeasurementRecorder {

    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final MeasurementRepository measurements;
    private final RunPhases phases;
    private final InFlightMeasurements inFlight;
    private final Duration errorRetryInterval;
    private final MeterRegistry meters;

    public MeasurementRecorder(
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            MeasurementRepository measurements,
            RunPhases phases,
            InFlightMeasurements inFlight,
            AnalysisConfig config,
            MeterRegistry meters) {
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.measurements = measurements;
        this.phases = phases;
        this.inFlight = inFlight;
        this.errorRetryInterval = config.errorRetryInterval();
        this.meters = meters;
    }

    /**
     * What a stored measurement led to.
     *
     * @param completedRun the run's id when it completed now, else null
     * @param stops measurements of other metrics in flight that the run's end terminated, to stop after the commit
     */
    public record Recorded(String completedRun, List<Stop> stops) {
        static final Recorded NOTHING = new Recorded(null, List.of());
    }

    /** What became of a measurement still running. */
    public enum Suspended {
        /** stored in flight, to be resumed */
        KEPT,
        /** the run completed meanwhile (terminated): the provider should stop it */
        RUN_ENDED,
        /** another instance took the metric over: it resumes the measurement */
        NOT_HELD
    }

    /**
     * Records a measurement of {@code spec} taken by {@code owner}, and puts the metric back in the queue. A
     * measurement of a run that completed meanwhile (terminated), or of a metric another instance took over (this one
     * held it past its lease), is dropped.
     */
    public Uni<Recorded> record(
            String owner, String runId, MetricSpec spec, Verdict measured, Object value, OffsetDateTime startedAt) {
        return transactions
                .write(() -> runs.findForUpdate(runId)
                        .chain(run -> metrics.ofRun(runId)
                                .chain(all -> run == null || run.completed() || !heldBy(owner, all, spec)
                                        ? Uni.createFrom().item(Recorded.NOTHING)
                                        : apply(run, all, spec, measured, value, startedAt))))
                .call(() -> spec.measurementRetention() <= 0
                        ? Uni.createFrom().voidItem()
                        : measurements.keepNewest(runId, spec.name(), spec.measurementRetention()));
    }

    /** Stores that {@code spec}'s measurement, started at {@code startedAt}, is still running until {@code resumeAt}. */
    public Uni<Suspended> suspend(
            String owner,
            String runId,
            MetricSpec spec,
            OffsetDateTime startedAt,
            Map<String, String> metadata,
            OffsetDateTime resumeAt) {
        return transactions.write(() -> runs.findForUpdate(runId)
                .chain(run -> metrics.ofRun(runId).map(all -> {
                    if (run == null || run.completed()) {
                        return Suspended.RUN_ENDED;
                    }
                    if (!heldBy(owner, all, spec)) {
                        return Suspended.NOT_HELD;
                    }
                    InFlightMeasurements.suspend(metric(all, spec), startedAt, metadata, resumeAt);
                    return Suspended.KEPT;
                })));
    }

    /**
     * Ends the run Error with {@code message}, as Argo does when a metric's arguments cannot be resolved; nothing when
     * the run completed meanwhile or the metric is another instance's now.
     */
    public Uni<Recorded> endRun(String owner, String runId, MetricSpec spec, String message) {
        return transactions.write(() -> runs.findForUpdate(runId)
                .chain(run -> metrics.ofRun(runId).chain(all -> {
                    if (run == null || run.completed() || !heldBy(owner, all, spec)) {
                        return Uni.createFrom().item(Recorded.NOTHING);
                    }
                    metric(all, spec).release();
                    // this metric's measurement in flight too (a Secret gone while its Job ran): its Job is deleted
                    return inFlight.terminate(run, all, providers(run)).map(stops -> {
                        run.phase = Assessment.label(Phase.ERROR);
                        run.message = message;
                        run.completedAt = RunPhases.now();
                        all.forEach(m -> m.nextAt = null);
                        meters.counter("gitopsflow.analysis.runs.completed", "phase", run.phase)
                                .increment();
                        Log.warnf("analysis %s of %s/%s ended Error: %s", run.id, run.project, run.stage, message);
                        return new Recorded(run.id, stops);
                    });
                })));
    }

    private static boolean heldBy(String owner, List<RunMetric> all, MetricSpec spec) {
        return all.stream().anyMatch(m -> m.name.equals(spec.name()) && owner.equals(m.leaseOwner));
    }

    private static RunMetric metric(List<RunMetric> all, MetricSpec spec) {
        return all.stream().filter(m -> m.name.equals(spec.name())).findFirst().orElseThrow();
    }

    /** Each metric's provider, by metric name. */
    static Map<String, String> providers(AnalysisRun run) {
        Map<String, String> providers = new LinkedHashMap<>();
        RunSpecs.of(run).forEach((name, spec) -> providers.put(name, spec.provider()));
        return providers;
    }

    private Uni<Recorded> apply(
            AnalysisRun run,
            List<RunMetric> all,
            MetricSpec spec,
            Verdict measured,
            Object value,
            OffsetDateTime startedAt) {
        RunMetric metric = metric(all, spec);
        OffsetDateTime finished = RunPhases.now();
        Measurement measurement = new Measurement();
        measurement.runId = run.id;
        measurement.metricName = spec.name();
        measurement.phase = Assessment.label(measured.phase());
        measurement.value = RunSpecs.display(value);
        measurement.message = measured.message();
        measurement.startedAt = startedAt;
        measurement.finishedAt = finished;
        metric.counters(metric.counters().after(measured.phase()));
        metric.lastValue = measurement.value;
        metric.message = measured.message();
        metric.release();
        InFlightMeasurements.clear(metric);
        meters.counter("gitopsflow.analysis.measurements", "provider", spec.provider(), "phase", measurement.phase)
                .increment();
        Verdict phase = phases.assessMetric(metric, spec, run.terminate);
        if (!phase.phase().isCompleted()) {
            Duration wait =
                    measured.phase() == Phase.ERROR || spec.interval() == null ? errorRetryInterval : spec.interval();
            metric.nextAt = finished.plus(wait);
        }
        // a metric that decides the run ended it: the others' measurements in flight are terminated before the run
        // is assessed, as Argo's next reconcile does
        boolean terminating = run.terminate
                || all.stream().anyMatch(m -> !m.dryRun && Assessment.stopsTheRun(RunVerdicts.phase(m.phase)));
        Uni<List<Stop>> stops = terminating
                ? inFlight.terminate(run, all, providers(run))
                : Uni.createFrom().item(List.of());
        return measurements
                .persist(measurement)
                .chain(stored -> stops.map(
                        stopped -> new Recorded(phases.settle(run, all, RunSpecs.of(run)) ? run.id : null, stopped)));
    }
}
