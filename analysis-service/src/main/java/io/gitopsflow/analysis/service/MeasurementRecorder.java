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
import io.gitopsflow.analysis.template.MetricSpec;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Stores one measurement and what follows from it in one transaction, the run's row locked (so metrics finishing
 * together never race): the metric's counters and phase, when it is measured next, and the run's phase.
 */
@ApplicationScoped
public class MeasurementRecorder {

    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final MeasurementRepository measurements;
    private final RunPhases phases;
    private final Duration errorRetryInterval;
    private final MeterRegistry meters;

    public MeasurementRecorder(
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            MeasurementRepository measurements,
            RunPhases phases,
            AnalysisConfig config,
            MeterRegistry meters) {
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.measurements = measurements;
        this.phases = phases;
        this.errorRetryInterval = config.errorRetryInterval();
        this.meters = meters;
    }

    /**
     * Records a measurement of {@code spec} taken by {@code owner}, and puts the metric back in the queue. A
     * measurement of a run that completed meanwhile (terminated), or of a metric another instance took over (this one
     * held it past its lease), is dropped.
     *
     * @return the run's id when this measurement completed the run, else null
     */
    public Uni<String> record(
            String owner, String runId, MetricSpec spec, Verdict measured, Object value, OffsetDateTime startedAt) {
        return transactions
                .write(() -> runs.findForUpdate(runId)
                        .chain(run -> metrics.ofRun(runId)
                                .chain(all -> run == null || run.completed() || !heldBy(owner, all, spec)
                                        ? Uni.createFrom().<String>nullItem()
                                        : apply(run, all, spec, measured, value, startedAt))))
                .call(() -> spec.measurementRetention() <= 0
                        ? Uni.createFrom().voidItem()
                        : measurements.keepNewest(runId, spec.name(), spec.measurementRetention()));
    }

    private static boolean heldBy(String owner, List<RunMetric> all, MetricSpec spec) {
        return all.stream().anyMatch(m -> m.name.equals(spec.name()) && owner.equals(m.leaseOwner));
    }

    private Uni<String> apply(
            AnalysisRun run,
            List<RunMetric> all,
            MetricSpec spec,
            Verdict measured,
            Object value,
            OffsetDateTime startedAt) {
        RunMetric metric =
                all.stream().filter(m -> m.name.equals(spec.name())).findFirst().orElseThrow();
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
        meters.counter("gitopsflow.analysis.measurements", "provider", spec.provider(), "phase", measurement.phase)
                .increment();
        Verdict phase = phases.assessMetric(metric, spec, run.terminate);
        if (!phase.phase().isCompleted()) {
            Duration wait =
                    measured.phase() == Phase.ERROR || spec.interval() == null ? errorRetryInterval : spec.interval();
            metric.nextAt = finished.plus(wait);
        }
        return measurements
                .persist(measurement)
                .map(stored -> phases.settle(run, all, RunSpecs.of(run)) ? run.id : null);
    }
}
