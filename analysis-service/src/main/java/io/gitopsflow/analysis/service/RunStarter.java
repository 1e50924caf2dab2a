package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.RunMetricRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.messaging.TerminalFailure;
import io.gitopsflow.messaging.work.WorkRunner;
import io.gitopsflow.spec.analysis.AnalysisTemplate;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts the analysis run a {@code stage-promoted} asks for: once per stage-promoted, told by its CloudEvent id (a
 * redelivery starts nothing; a reverify, a new stage-promoted of the same promotion, starts a run of its own), with the
 * stage's templates resolved and stored with the run, each metric due at once or after its initial delay.
 */
@ApplicationScoped
public class RunStarter {

    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final TemplateRegistry templates;
    private final WorkRunner measurements;
    private final RunVerdicts verdicts;
    private final MeterRegistry meters;

    public RunStarter(
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            TemplateRegistry templates,
            WorkRunner measurements,
            RunVerdicts verdicts,
            MeterRegistry meters) {
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.templates = templates;
        this.measurements = measurements;
        this.verdicts = verdicts;
        this.meters = meters;
    }

    /** What to do once the intake committed: publish a verdict already there, wake the scheduler for a new run. */
    private record Next(String publish, boolean wake) {}

    /** Starts the run a promotion asks for; a stage without verification needs none. */
    public Uni<Void> start(EventEnvelope<StagePromoted> event) {
        StagePromoted promoted = event.data();
        if (promoted.verification().isEmpty()) {
            Log.debugf("stage %s/%s is not verified by analysis", promoted.project(), promoted.stage());
            return Uni.createFrom().voidItem();
        }
        return transactions
                .write(() -> runs.findByCauseEvent(event.attributes().id()).chain(existing -> {
                    if (existing != null) {
                        Log.infof(
                                "stage-promoted %s of promotion %s already has analysis %s (%s): no second run",
                                event.attributes().id(), promoted.promotionId(), existing.id, existing.phase);
                        // a verdict already on Kafka is published again: the redelivery may mean it was lost
                        return Uni.createFrom().item(new Next(existing.completed() ? existing.id : null, false));
                    }
                    return create(event).map(run -> new Next(run.completed() ? run.id : null, true));
                }))
                .chain(next -> {
                    if (next.wake()) {
                        measurements.wake();
                    }
                    return next.publish() == null ? Uni.createFrom().voidItem() : verdicts.publishNow(next.publish());
                });
    }

    private Uni<AnalysisRun> create(EventEnvelope<StagePromoted> event) {
        AnalysisRun run = newRun(event);
        List<MetricSpec> specs;
        try {
            specs = RunSpecs.resolve(
                    event.data().verification(), templatesOf(event.data().verification()), templates::find);
            run.metricsJson = RunSpecs.toJson(specs);
        } catch (RunSpecs.UnresolvableException e) {
            // Argo ends such a run Error at once: the stage gets a verdict, not silence
            run.metricsJson = "[]";
            run.phase = Assessment.label(Phase.ERROR);
            run.message = "analysis spec invalid: " + e.getMessage();
            run.completedAt = run.createdAt;
            Log.warnf("analysis %s of %s/%s cannot run: %s", run.id, run.project, run.stage, e.getMessage());
            return runs.persist(run);
        } catch (RuntimeException e) {
            // nothing but the record and the loaded templates went in: a retry cannot succeed, the DLQ says why
            throw new TerminalFailure(
                    "promotion " + run.promotionId + " cannot start an analysis: " + e.getMessage(), e);
        }
        run.phase = Assessment.label(Phase.RUNNING);
        List<RunMetric> rows = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            rows.add(newMetric(run, specs.get(i), i));
        }
        Log.infof(
                "analysis %s of %s/%s (promotion %s, freight %s) started: %s",
                run.id, run.project, run.stage, run.promotionId, run.freightId, run.templates);
        meters.counter("gitopsflow.analysis.runs.started").increment();
        return runs.persist(run).call(() -> metrics.persist(rows)).replaceWith(run);
    }

    private static AnalysisRun newRun(EventEnvelope<StagePromoted> event) {
        StagePromoted promoted = event.data();
        OffsetDateTime now = RunPhases.now();
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
        return run;
    }

    private static RunMetric newMetric(AnalysisRun run, MetricSpec spec, int position) {
        RunMetric metric = new RunMetric();
        metric.runId = run.id;
        metric.name = spec.name();
        metric.position = position;
        metric.phase = Assessment.label(Phase.PENDING);
        metric.dryRun = spec.dryRun();
        metric.workStatus = RunMetric.WAITING;
        metric.nextAt = spec.initialDelay() == null ? run.createdAt : run.createdAt.plus(spec.initialDelay());
        return metric;
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
}
