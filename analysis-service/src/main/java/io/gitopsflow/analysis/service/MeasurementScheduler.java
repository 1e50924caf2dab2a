package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.assessment.Assessment.Verdict;
import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.analysis.provider.MetricProvider;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.RunMetricRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.gitopsflow.analysis.template.MetricSpec;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.messaging.VertxContexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes the measurements that are due, over the database rather than a thread or timer per run: each tick claims the
 * metrics whose {@code next_at} has passed ({@code FOR UPDATE SKIP LOCKED}, with a lease, so instances share the work
 * and a measurement whose instance died is taken again), measures them without blocking, and records each result.
 * Because all of a run's state is in PostgreSQL, a run in progress simply goes on after a restart. The tick also
 * publishes verdicts Kafka did not take.
 */
@ApplicationScoped
public class MeasurementScheduler {

    /** A run completed this recently is left to the instance that completed it, which is publishing it now. */
    private static final Duration SETTLED = Duration.ofSeconds(10);

    private final MetricProviders providers;
    private final Assessment assessment;
    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final MeasurementRecorder recorder;
    private final RunVerdicts verdicts;
    private final Vertx vertx;
    private final Duration lease;
    private final int maxConcurrent;
    private final MeterRegistry meters;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ticking = new AtomicBoolean();

    public MeasurementScheduler(
            MetricProviders providers,
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            MeasurementRecorder recorder,
            RunVerdicts verdicts,
            Vertx vertx,
            AnalysisConfig config,
            MeterRegistry meters) {
        this.providers = providers;
        this.assessment = new Assessment(providers.conditions());
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.recorder = recorder;
        this.verdicts = verdicts;
        this.vertx = vertx;
        this.lease = config.measurementLease();
        this.maxConcurrent = config.maxConcurrentMeasurements();
        this.meters = meters;
        Gauge.builder("gitopsflow.analysis.measurements.in.flight", inFlight, Set::size)
                .description("measurements this instance is taking now")
                .register(meters);
    }

    /** Measures what is due now instead of at the next tick (a run was just started). */
    public void wake() {
        VertxContexts.onNewContext(vertx, this::measureDue)
                .subscribe()
                .with(ignored -> {}, failure -> Log.warnf("cannot take due measurements: %s", failure.getMessage()));
    }

    @Scheduled(
            every = "${gitops-flow.analysis.tick-interval:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return measureDue().chain(this::publishUnpublished).onFailure().recoverWithUni(failure -> {
            Log.warnf("analysis tick failed: %s", failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** The metrics this instance is measuring now, as {@code runId/metric}. */
    public Set<String> inFlight() {
        return Set.copyOf(inFlight);
    }

    private Uni<Void> measureDue() {
        int free = maxConcurrent - inFlight.size();
        if (free <= 0 || !ticking.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return metrics.claimDue(lease, free)
                .eventually(() -> ticking.set(false))
                .invoke(due -> {
                    for (RunMetricRepository.Due metric : due) {
                        String key = metric.runId() + "/" + metric.name();
                        inFlight.add(key);
                        VertxContexts.onNewContext(vertx, () -> measure(metric.runId(), metric.name()))
                                .onTermination()
                                .invoke(() -> inFlight.remove(key))
                                .subscribe()
                                .with(
                                        ignored -> {},
                                        failure -> Log.errorf(
                                                "measurement %s was not recorded: %s (it is taken again once its"
                                                        + " lease ends)",
                                                key, failure.getMessage()));
                    }
                })
                .replaceWithVoid();
    }

    /** One measurement: fetch (without blocking), assess, record; publish when it completed the run. */
    private Uni<Void> measure(String runId, String metricName) {
        Executor backOnContext = VertxContexts.current();
        return transactions.read(() -> runs.findById(runId)).chain(run -> {
            MetricSpec spec = RunSpecs.of(run).get(metricName);
            OffsetDateTime started = RunPhases.now();
            Timer.Sample sample = Timer.start(meters);
            Uni<Object> value;
            try {
                MetricProvider provider = providers.get(spec.provider());
                value = provider.measure(spec.providerConfig());
            } catch (RuntimeException e) {
                value = Uni.createFrom().failure(e);
            }
            return value.ifNoItem()
                    .after(lease)
                    .failWith(() -> new IllegalStateException("no answer within " + lease))
                    .emitOn(backOnContext)
                    .map(result -> new Taken(result, assessment.measurement(spec, result)))
                    .onFailure()
                    .recoverWithItem(failure -> new Taken(null, new Verdict(Phase.ERROR, message(failure))))
                    .invoke(taken -> {
                        sample.stop(
                                meters.timer("gitopsflow.analysis.measurement.duration", "provider", spec.provider()));
                        Log.infof(
                                "analysis %s metric %s measured %s%s%s",
                                runId,
                                metricName,
                                Assessment.label(taken.verdict().phase()),
                                taken.value() == null ? "" : " " + RunSpecs.display(taken.value()),
                                taken.verdict().message() == null
                                        ? ""
                                        : ": " + taken.verdict().message());
                    })
                    .chain(taken -> recorder.record(runId, spec, taken.verdict(), taken.value(), started))
                    .chain(completed -> completed == null ? Uni.createFrom().voidItem() : verdicts.publish(completed));
        });
    }

    private record Taken(Object value, Verdict verdict) {}

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    /**
     * Completed runs whose verdict Kafka did not acknowledge: published now. A run completed in the last seconds is
     * left to the instance that completed it, which is publishing it now: taken here too it would be published twice.
     */
    private Uni<Void> publishUnpublished() {
        return runs.unpublished(SETTLED, 100).chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Multi.createFrom()
                    .iterable(ids)
                    .onItem()
                    .transformToUniAndConcatenate(verdicts::publish)
                    .collect()
                    .last()
                    .invoke(() -> Log.infof("published %d stored verdict(s) again", ids.size()))
                    .replaceWithVoid();
        });
    }

    /** Measurements this instance had claimed are released, for another instance (or the next start) to take. */
    void onStop(@Observes ShutdownEvent event) {
        List<String> keys = List.copyOf(inFlight);
        if (keys.isEmpty()) {
            return;
        }
        try {
            for (String key : keys) {
                int slash = key.indexOf('/');
                metrics.release(key.substring(0, slash), key.substring(slash + 1))
                        .await()
                        .atMost(Duration.ofSeconds(5));
            }
            Log.infof("%d measurement(s) in flight released for the next instance", keys.size());
        } catch (RuntimeException e) {
            Log.warnf("measurements in flight are taken again once their lease ends: %s", e.getMessage());
        }
    }
}
