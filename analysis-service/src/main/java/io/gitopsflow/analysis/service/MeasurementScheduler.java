package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.assessment.Assessment.Verdict;
import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.analysis.provider.MetricProvider;
import io.gitopsflow.analysis.template.MetricSpec;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.messaging.VertxContexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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

    private static final String CLAIM = "update run_metric set claimed_until = now() + make_interval(secs => $1)"
            + " where (run_id, name) in (select m.run_id, m.name from run_metric m join analysis_run r on r.id ="
            + " m.run_id where r.completed_at is null and m.next_at <= now() and (m.claimed_until is null or"
            + " m.claimed_until < now()) order by m.next_at limit $2 for update of m skip locked)"
            + " returning run_id, name";

    private final MetricProviders providers;
    private final Assessment assessment;
    private final RunVerdicts verdicts;
    private final Pool pool;
    private final Vertx vertx;
    private final Duration lease;
    private final int maxConcurrent;
    private final MeterRegistry meters;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ticking = new AtomicBoolean();

    // field injection breaks the cycle: runs wake the scheduler, the scheduler records into the runs
    @Inject
    AnalysisRuns runs;

    public MeasurementScheduler(
            MetricProviders providers,
            RunVerdicts verdicts,
            Pool pool,
            Vertx vertx,
            AnalysisConfig config,
            MeterRegistry meters) {
        this.providers = providers;
        this.assessment = new Assessment(providers.conditions());
        this.verdicts = verdicts;
        this.pool = pool;
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
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of((double) lease.toSeconds(), free))
                .eventually(() -> ticking.set(false))
                .invoke(rows -> {
                    for (Row row : rows) {
                        String runId = row.getString("run_id");
                        String metric = row.getString("name");
                        String key = runId + "/" + metric;
                        inFlight.add(key);
                        VertxContexts.onNewContext(vertx, () -> measure(runId, metric))
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
        return Panache.withSession(() -> AnalysisRun.<AnalysisRun>findById(runId))
                .chain(run -> {
                    MetricSpec spec = RunSpecs.of(run).get(metricName);
                    OffsetDateTime started = AnalysisRuns.now();
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
                                sample.stop(meters.timer(
                                        "gitopsflow.analysis.measurement.duration", "provider", spec.provider()));
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
                            .chain(taken -> runs.record(runId, spec, taken.verdict(), taken.value(), started))
                            .chain(completed ->
                                    completed == null ? Uni.createFrom().voidItem() : verdicts.publish(completed));
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
        return pool.preparedQuery("select id from analysis_run where published = false and completed_at < now() -"
                        + " interval '10 seconds' order by completed_at limit 100")
                .execute()
                .chain(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("id")));
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
                pool.preparedQuery("update run_metric set claimed_until = null where run_id = $1 and name = $2")
                        .execute(Tuple.of(key.substring(0, slash), key.substring(slash + 1)))
                        .await()
                        .atMost(Duration.ofSeconds(5));
            }
            Log.infof("%d measurement(s) in flight released for the next instance", keys.size());
        } catch (RuntimeException e) {
            Log.warnf("measurements in flight are taken again once their lease ends: %s", e.getMessage());
        }
    }
}
