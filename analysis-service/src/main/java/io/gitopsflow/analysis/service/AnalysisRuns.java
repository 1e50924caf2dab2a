package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.Measurement;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.assessment.Assessment.MetricState;
import io.gitopsflow.analysis.assessment.Assessment.Verdict;
import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.analysis.template.AnalysisTemplate;
import io.gitopsflow.analysis.template.MetricSpec;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The life of an analysis run: started from a {@code stage-promoted} that names templates (once per promotion: a
 * redelivery starts nothing), each measurement recorded with the metric's and the run's new phase in one transaction
 * (the run's row locked, so metrics finishing together never race), terminated on request, and its verdict published
 * after it is stored.
 */
@ApplicationScoped
public class AnalysisRuns {

    private final TemplateRegistry templates;
    private final Assessment assessment;
    private final RunVerdicts verdicts;
    private final MeasurementScheduler scheduler;
    private final Duration errorRetryInterval;
    private final MeterRegistry meters;
    private final Pool pool;
    private final AuditLog audit;

    public AnalysisRuns(
            TemplateRegistry templates,
            MetricProviders providers,
            RunVerdicts verdicts,
            MeasurementScheduler scheduler,
            AnalysisConfig config,
            MeterRegistry meters,
            Pool pool,
            AuditLog audit) {
        this.pool = pool;
        this.audit = audit;
        this.templates = templates;
        this.assessment = new Assessment(providers.conditions());
        this.verdicts = verdicts;
        this.scheduler = scheduler;
        this.errorRetryInterval = config.errorRetryInterval();
        this.meters = meters;
    }

    /** What to do once the intake committed. */
    private record Next(String publish, boolean wake) {}

    /** Starts the run a promotion asks for; a stage without verification needs none. */
    public Uni<Void> onStagePromoted(EventEnvelope<StagePromoted> event) {
        StagePromoted promoted = event.data();
        if (promoted.verification().isEmpty()) {
            Log.debugf("stage %s/%s is not verified by analysis", promoted.project(), promoted.stage());
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> AnalysisRun.<AnalysisRun>find("promotionId", promoted.promotionId())
                        .firstResult()
                        .chain(existing -> {
                            if (existing != null) {
                                Log.infof(
                                        "promotion %s already has analysis %s (%s): no second run",
                                        promoted.promotionId(), existing.id, existing.phase);
                                // a verdict already on Kafka is published again: the redelivery may mean it was lost
                                return Uni.createFrom()
                                        .item(new Next(existing.completed() ? existing.id : null, false));
                            }
                            return create(event).map(run -> new Next(run.completed() ? run.id : null, true));
                        }))
                .chain(next -> {
                    if (next.wake()) {
                        scheduler.wake();
                    }
                    return next.publish() == null ? Uni.createFrom().voidItem() : verdicts.publish(next.publish());
                });
    }

    private Uni<AnalysisRun> create(EventEnvelope<StagePromoted> event) {
        StagePromoted promoted = event.data();
        OffsetDateTime now = now();
        AnalysisRun run = new AnalysisRun();
        run.id = "ar-" + UUID.randomUUID();
        run.promotionId = promoted.promotionId();
        run.project = promoted.project();
        run.stage = promoted.stage();
        run.freightId = promoted.freightId();
        run.correlationId = event.attributes().correlationId();
        run.traceparent = event.attributes().traceparent();
        run.causeEventId = event.attributes().id();
        run.createdAt = now;
        run.startedAt = now;
        run.templates = String.join(
                ",",
                promoted.verification().stream()
                        .map(ref -> AnalysisTemplate.key(ref.clusterScope(), ref.name()))
                        .toList());
        List<MetricSpec> metrics;
        try {
            metrics = RunSpecs.resolve(promoted.verification(), templatesOf(promoted.verification()));
        } catch (RunSpecs.UnresolvableException e) {
            // Argo ends such a run Error at once: the stage gets a verdict, not silence
            run.metricsJson = "[]";
            run.phase = Assessment.label(Phase.ERROR);
            run.message = "analysis spec invalid: " + e.getMessage();
            run.completedAt = now;
            Log.warnf("analysis %s of %s/%s cannot run: %s", run.id, run.project, run.stage, e.getMessage());
            return run.persist();
        }
        run.metricsJson = RunSpecs.toJson(metrics);
        run.phase = Assessment.label(Phase.RUNNING);
        List<RunMetric> rows = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricSpec spec = metrics.get(i);
            RunMetric metric = new RunMetric();
            metric.runId = run.id;
            metric.name = spec.name();
            metric.position = i;
            metric.phase = Assessment.label(Phase.PENDING);
            metric.dryRun = spec.dryRun();
            metric.nextAt = spec.initialDelay() == null ? now : now.plus(spec.initialDelay());
            rows.add(metric);
        }
        Log.infof(
                "analysis %s of %s/%s (promotion %s, freight %s) started: %s",
                run.id, run.project, run.stage, run.promotionId, run.freightId, run.templates);
        meters.counter("gitopsflow.analysis.runs.started").increment();
        return run.<AnalysisRun>persist().call(() -> RunMetric.persist(rows)).replaceWith(run);
    }

    private List<AnalysisTemplate> templatesOf(List<AnalysisTemplateRef> refs) {
        List<AnalysisTemplate> found = new ArrayList<>();
        for (AnalysisTemplateRef ref : refs) {
            Optional<AnalysisTemplate> template = templates.find(ref.clusterScope(), ref.name());
            if (template.isEmpty()) {
                throw new RunSpecs.UnresolvableException(AnalysisTemplate.key(ref.clusterScope(), ref.name())
                        + " is not loaded (see GET /analysis-templates for the templates and their problems)");
            }
            found.add(template.get());
        }
        return found;
    }

    /**
     * Stores one measurement and what follows from it: the metric's counters and phase, when it is measured next, and
     * the run's phase. A measurement of a run that completed meanwhile (terminated) is dropped.
     *
     * @return the run's id when this measurement completed the run, else null
     */
    public Uni<String> record(String runId, MetricSpec spec, Verdict measured, Object value, OffsetDateTime startedAt) {
        return Panache.withTransaction(() -> AnalysisRun.<AnalysisRun>findById(runId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(run -> RunMetric.<RunMetric>list("runId = ?1 order by position", runId)
                                .chain(metrics -> {
                                    if (run == null || run.completed()) {
                                        return Uni.createFrom().nullItem();
                                    }
                                    RunMetric metric = metrics.stream()
                                            .filter(m -> m.name.equals(spec.name()))
                                            .findFirst()
                                            .orElseThrow();
                                    OffsetDateTime finished = now();
                                    Measurement measurement = new Measurement();
                                    measurement.runId = runId;
                                    measurement.metricName = spec.name();
                                    measurement.phase = Assessment.label(measured.phase());
                                    measurement.value = RunSpecs.display(value);
                                    measurement.message = measured.message();
                                    measurement.startedAt = startedAt;
                                    measurement.finishedAt = finished;
                                    metric.counters(metric.counters().after(measured.phase()));
                                    metric.lastValue = measurement.value;
                                    metric.message = measured.message();
                                    metric.claimedUntil = null;
                                    meters.counter(
                                                    "gitopsflow.analysis.measurements",
                                                    "provider",
                                                    spec.provider(),
                                                    "phase",
                                                    measurement.phase)
                                            .increment();
                                    Verdict phase = assessment.metric(spec, metric.counters(), run.terminate);
                                    apply(metric, phase);
                                    if (!phase.phase().isCompleted()) {
                                        Duration wait = measured.phase() == Phase.ERROR || spec.interval() == null
                                                ? errorRetryInterval
                                                : spec.interval();
                                        metric.nextAt = finished.plus(wait);
                                    }
                                    Map<String, MetricSpec> specs = RunSpecs.of(run);
                                    return measurement
                                            .persist()
                                            .map(ignored -> settle(run, metrics, specs) ? run.id : null);
                                })))
                .call(() -> trim(runId, spec));
    }

    /**
     * Ends a run on request of {@code actor}: no more measurements; metrics not completed are assessed as Argo does on
     * terminate, and the run's message names the actor. The request is in the audit log, in the same transaction
     * (also when the run had already ended: then nothing else changes). Null when there is no such run.
     */
    public Uni<AnalysisRun> terminate(String runId, String actor, String reason) {
        return Panache.withTransaction(() -> AnalysisRun.<AnalysisRun>findById(runId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(run -> {
                            if (run == null) {
                                return Uni.createFrom().<AnalysisRun>nullItem();
                            }
                            if (run.completed()) {
                                return audit.record(
                                                "terminate", runId, actor, "nothing changed: it had ended " + run.phase)
                                        .replaceWith(run);
                            }
                            run.terminate = true;
                            return RunMetric.<RunMetric>list("runId = ?1 order by position", runId)
                                    .map(metrics -> {
                                        settle(run, metrics, RunSpecs.of(run));
                                        run.message = terminatedBy(run.message, actor, reason);
                                        return run;
                                    })
                                    .call(ended -> audit.record(
                                            "terminate",
                                            runId,
                                            actor,
                                            "ended " + ended.phase + (reason == null ? "" : ": " + reason)));
                        }))
                .call(run -> run != null && run.completed() && !run.published
                        ? verdicts.publish(run.id)
                        : Uni.createFrom().voidItem());
    }

    /** Argo's "Run Terminated", with who terminated it and why. */
    private static String terminatedBy(String message, String actor, String reason) {
        String by = " by " + actor + (reason == null ? "" : ": " + reason);
        return message == null || "Run Terminated".equals(message)
                ? "Run Terminated" + by
                : message + " (terminated" + by + ")";
    }

    /**
     * The run's phase from its metrics; when a metric that decides stopped the run (or it was terminated), the metrics
     * still going are assessed as terminated. True when the run completed now.
     */
    private boolean settle(AnalysisRun run, List<RunMetric> metrics, Map<String, MetricSpec> specs) {
        boolean terminating = run.terminate
                || metrics.stream().anyMatch(m -> !m.dryRun && Assessment.stopsTheRun(RunVerdicts.phase(m.phase)));
        if (terminating) {
            for (RunMetric metric : metrics) {
                if (!RunVerdicts.phase(metric.phase).isCompleted()) {
                    apply(metric, assessment.metric(specs.get(metric.name), metric.counters(), true));
                }
            }
        }
        List<MetricState> states = metrics.stream()
                .map(m -> new MetricState(m.name, RunVerdicts.phase(m.phase), m.message, m.dryRun))
                .toList();
        Verdict verdict = Assessment.run(states, terminating, run.terminate);
        run.phase = Assessment.label(verdict.phase());
        if (!verdict.phase().isCompleted()) {
            return false;
        }
        run.message = verdict.message();
        run.completedAt = now();
        metrics.forEach(metric -> metric.nextAt = null);
        meters.counter("gitopsflow.analysis.runs.completed", "phase", run.phase).increment();
        meters.timer("gitopsflow.analysis.run.duration", "phase", run.phase)
                .record(Duration.between(run.startedAt, run.completedAt));
        Log.infof("analysis %s of %s/%s ended %s: %s", run.id, run.project, run.stage, run.phase, run.message);
        return true;
    }

    private static void apply(RunMetric metric, Verdict verdict) {
        metric.phase = Assessment.label(verdict.phase());
        if (verdict.phase().isCompleted()) {
            metric.nextAt = null;
            if (verdict.message() != null) {
                // Argo's wording: the limit that decided, then the last measurement's own message
                metric.message = verdict.message() + (metric.message == null ? "" : ": \"" + metric.message + "\"");
            }
        }
    }

    /** {@code measurementRetention}: only the newest measurements of the metric are kept. */
    private Uni<Void> trim(String runId, MetricSpec spec) {
        if (spec.measurementRetention() <= 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("delete from measurement where run_id = $1 and metric_name = $2 and id not in"
                        + " (select id from measurement where run_id = $1 and metric_name = $2 order by id desc"
                        + " limit $3)")
                .execute(Tuple.of(runId, spec.name(), spec.measurementRetention()))
                .replaceWithVoid();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
