package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.assessment.Assessment.Verdict;
import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.analysis.provider.MeasurementContext;
import io.gitopsflow.analysis.provider.MeasurementStep;
import io.gitopsflow.analysis.provider.MetricProvider;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.RunMetricRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.gitopsflow.analysis.service.ArgumentValues.UnresolvableArgumentException;
import io.gitopsflow.analysis.service.MeasurementRecorder.Recorded;
import io.gitopsflow.analysis.service.MeasurementRecorder.Suspended;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.messaging.EventTracing;
import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One step of a claimed metric's measurement: read its {@code valueFrom} arguments, ask the provider (run a new
 * measurement, or resume the one in flight), and store what came of it: a measurement assessed and recorded (the
 * verdict published when it completed the run), or a measurement still running, resumed later. A provider that does
 * not answer within the lease is an Error measurement. Argument values are masked in all that is stored or logged.
 */
@ApplicationScoped
public class MeasurementTaker {

    /** Argo's {@code DefaultMeasurementHistoryLimit}: what a provider keeps without {@code measurementRetention}. */
    static final int DEFAULT_RETENTION = 10;

    private final MetricProviders providers;
    private final Assessment assessment;
    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final MeasurementRecorder recorder;
    private final RunVerdicts verdicts;
    private final ArgumentValues arguments;
    private final MeasuredNamespaces namespaces;
    private final InFlightMeasurements inFlight;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final EventTracing tracing;

    public MeasurementTaker(
            MetricProviders providers,
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            MeasurementRecorder recorder,
            RunVerdicts verdicts,
            ArgumentValues arguments,
            MeasuredNamespaces namespaces,
            InFlightMeasurements inFlight,
            AnalysisConfig config,
            MeterRegistry meters,
            EventTracing tracing) {
        this.providers = providers;
        this.assessment = new Assessment(providers.conditions());
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.recorder = recorder;
        this.verdicts = verdicts;
        this.arguments = arguments;
        this.namespaces = namespaces;
        this.inFlight = inFlight;
        this.timeout = config.measurementLease();
        this.meters = meters;
        this.tracing = tracing;
    }

    /** The claimed metric: its run, its spec and its row. */
    private record Claim(AnalysisRun run, MetricSpec spec, RunMetric metric, OffsetDateTime started) {}

    /** Measures the metric {@code metricId} ({@code <run id>/<metric name>}), which {@code owner} claimed. */
    public Uni<Void> take(String metricId, String owner) {
        int slash = metricId.indexOf('/');
        String runId = metricId.substring(0, slash);
        String metricName = metricId.substring(slash + 1);
        Executor backOnContext = VertxContexts.current();
        return transactions
                .read(() -> runs.findById(runId)
                        .chain(run -> metrics.ofRun(runId).map(all -> {
                            RunMetric metric = all.stream()
                                    .filter(m -> m.name.equals(metricName))
                                    .findFirst()
                                    .orElseThrow();
                            OffsetDateTime started = metric.inFlight() ? metric.inFlightStartedAt : RunPhases.now();
                            return new Claim(run, RunSpecs.of(run).get(metricName), metric, started);
                        })))
                .chain(claim -> {
                    Timer.Sample sample = Timer.start(meters);
                    // each measurement in a span of its own, in the trace of the promotion that started the run
                    return tracing.step(
                                    "measure " + metricName + " ("
                                            + claim.spec().provider() + ")",
                                    claim.run().traceparent,
                                    () -> step(claim))
                            .emitOn(backOnContext)
                            .chain(taken -> {
                                if (!taken.running()) {
                                    sample.stop(meters.timer(
                                            "gitopsflow.analysis.measurement.duration",
                                            "provider",
                                            claim.spec().provider()));
                                }
                                log(runId, metricName, taken);
                                return store(owner, claim, taken);
                            });
                });
    }

    /** What one step of a measurement came to; values and messages already masked. */
    private record Taken(
            Verdict verdict, String value, MeasurementStep step, boolean unresolvable, MeasurementContext context) {

        static Taken error(String message, MeasurementContext context) {
            return new Taken(new Verdict(Phase.ERROR, message), null, null, false, context);
        }

        boolean running() {
            return step != null;
        }
    }

    private Uni<Taken> step(Claim claim) {
        MetricSpec spec = claim.spec();
        MeasurementContext context = null;
        try {
            MetricProvider provider = providers.get(spec.provider());
            boolean inCluster =
                    provider.measuresInCluster() || !spec.valueFromArgs().isEmpty();
            String namespace = inCluster ? namespaces.of(claim.run().project) : null;
            RunMetric metric = claim.metric();
            MeasurementContext measured = new MeasurementContext(
                    claim.run().id, namespace, spec.name(), metric.count + metric.error + 1, claim.started());
            context = measured;
            return arguments
                    .read(namespace, spec.valueFromArgs())
                    .chain(secrets -> ask(provider, claim, measured, secrets)
                            .onFailure(failure -> !(failure instanceof UnresolvableArgumentException))
                            .recoverWithItem(failure -> Taken.error(secrets.mask(message(failure)), measured)))
                    .onFailure(UnresolvableArgumentException.class)
                    .recoverWithItem(failure -> new Taken(
                            new Verdict(Phase.ERROR, "Unable to resolve metric arguments: " + failure.getMessage()),
                            null,
                            null,
                            true,
                            measured))
                    .onFailure()
                    .recoverWithItem(failure -> Taken.error(message(failure), measured));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(Taken.error(message(e), context));
        }
    }

    /** The provider's step with the arguments filled in, within the lease. */
    private Uni<Taken> ask(MetricProvider provider, Claim claim, MeasurementContext context, SecretArguments secrets) {
        MetricSpec filled = secrets.fill(claim.spec());
        Uni<MeasurementStep> step = claim.metric().inFlight()
                ? provider.resume(context, filled.providerConfig(), InFlightMeasurements.metadata(claim.metric()))
                : provider.run(context, filled.providerConfig());
        return step.ifNoItem()
                .after(timeout)
                .failWith(() -> new IllegalStateException("no answer within " + timeout))
                .map(answer -> {
                    if (answer.isRunning()) {
                        return new Taken(null, null, answer, false, context);
                    }
                    Verdict verdict = answer.phase() != null
                            ? new Verdict(answer.phase(), answer.message())
                            : assessment.measurement(filled, answer.value());
                    return new Taken(
                            new Verdict(verdict.phase(), secrets.mask(verdict.message())),
                            secrets.mask(RunSpecs.display(answer.value())),
                            null,
                            false,
                            context);
                });
    }

    private Uni<Void> store(String owner, Claim claim, Taken taken) {
        String runId = claim.run().id;
        MetricSpec spec = claim.spec();
        if (taken.running()) {
            OffsetDateTime resumeAt = RunPhases.now().plus(taken.step().resumeAfter());
            return recorder.suspend(
                            owner, runId, spec, claim.started(), taken.step().metadata(), resumeAt)
                    .chain(suspended -> suspended != Suspended.RUN_ENDED
                            ? Uni.createFrom().voidItem()
                            : inFlight.stop(List.of(new InFlightMeasurements.Stop(
                                    spec.provider(),
                                    taken.context(),
                                    taken.step().metadata()))));
        }
        Uni<Recorded> recorded = taken.unresolvable()
                ? recorder.endRun(owner, runId, spec, taken.verdict().message())
                : recorder.record(owner, runId, spec, taken.verdict(), taken.value(), claim.started());
        return recorded.chain(done -> inFlight.stop(done.stops())
                .call(() -> collectGarbage(spec, taken.context()))
                .call(() -> done.completedRun() == null
                        ? Uni.createFrom().voidItem()
                        : verdicts.publishNow(done.completedRun())));
    }

    /** The provider's leftovers beyond the metric's retention (Argo: 10 by default); a failure is only logged. */
    private Uni<Void> collectGarbage(MetricSpec spec, MeasurementContext context) {
        if (context == null || context.namespace() == null) {
            return Uni.createFrom().voidItem();
        }
        int keep = spec.measurementRetention() > 0 ? spec.measurementRetention() : DEFAULT_RETENTION;
        return providers
                .get(spec.provider())
                .garbageCollect(context, keep)
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.warnf(
                            "analysis %s metric %s: garbage collection failed: %s",
                            context.runId(), spec.name(), message(failure));
                    return Uni.createFrom().voidItem();
                });
    }

    private static void log(String runId, String metricName, Taken taken) {
        if (taken.running()) {
            Log.debugf("analysis %s metric %s still running", runId, metricName);
            return;
        }
        Log.infof(
                "analysis %s metric %s measured %s%s%s",
                runId,
                metricName,
                Assessment.label(taken.verdict().phase()),
                taken.value() == null ? "" : " " + taken.value(),
                taken.verdict().message() == null ? "" : ": " + taken.verdict().message());
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
