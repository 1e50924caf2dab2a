package io.gitopsflow.build.service;

import io.gitopsflow.build.Build;
import io.gitopsflow.build.config.BuildWorkerConfig;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.messaging.VertxContexts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs the queued builds, at most {@code gitops-flow.build.max-concurrent} at once, oldest first. A build is claimed
 * with {@code FOR UPDATE SKIP LOCKED}, so instances sharing the database never run the same build; the blocking
 * pipeline runs on this dispatcher's own threads, never on the event loop; the result is stored, then published, and
 * a result Kafka did not take is published again on the next tick. Builds left running by an instance that died are
 * queued again once older than {@code stale-after}.
 */
@ApplicationScoped
public class BuildDispatcher {

    private static final Logger LOG = Logger.getLogger(BuildDispatcher.class);

    private static final String CLAIM = "update build set status = 'RUNNING', started_at = now()"
            + " where id = (select id from build where status = 'QUEUED' order by created_at limit 1"
            + " for update skip locked) returning id";

    private final BuildPipeline pipeline;
    private final BuildResults results;
    private final Pool pool;
    private final Vertx vertx;
    private final int maxConcurrent;
    private final Duration staleAfter;
    private final ExecutorService builders;
    /** Slots taken: builds running plus claims in flight. */
    private final AtomicInteger slots = new AtomicInteger();

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;

    public BuildDispatcher(
            BuildPipeline pipeline,
            BuildResults results,
            Pool pool,
            Vertx vertx,
            BuildWorkerConfig config,
            MeterRegistry meters) {
        if (config.maxConcurrent() < 1) {
            throw new IllegalArgumentException(
                    "gitops-flow.build.max-concurrent must be at least 1, not " + config.maxConcurrent());
        }
        this.pipeline = pipeline;
        this.results = results;
        this.pool = pool;
        this.vertx = vertx;
        this.maxConcurrent = config.maxConcurrent();
        this.staleAfter = config.staleAfter();
        this.meters = meters;
        AtomicInteger threads = new AtomicInteger();
        this.builders = Executors.newFixedThreadPool(maxConcurrent, task -> {
            Thread thread = new Thread(task, "build-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("gitopsflow.build.running", running, Set::size)
                .description("builds running in this instance")
                .register(meters);
        Gauge.builder("gitopsflow.build.max.concurrent", () -> maxConcurrent)
                .description("builds this instance runs at once at most")
                .register(meters);
    }

    /** Starts queued builds while slots are free; called when a build is queued or finishes. */
    public void wake() {
        VertxContexts.onNewContext(vertx, this::fill)
                .subscribe()
                .with(ignored -> {}, failure -> LOG.warnf("cannot start queued builds: %s", failure.getMessage()));
    }

    /** The safety net: recovers stale builds, publishes results Kafka did not take, starts what is queued. */
    @Scheduled(
            every = "${gitops-flow.build.dispatch-interval:5s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return requeueStale()
                .chain(this::publishUnpublished)
                .chain(this::fill)
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.warnf("build dispatch tick failed: %s", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The builds running in this instance now. */
    public Set<String> running() {
        return Set.copyOf(running);
    }

    private Uni<Void> fill() {
        if (slots.incrementAndGet() > maxConcurrent) {
            slots.decrementAndGet();
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(CLAIM)
                .execute()
                .onFailure()
                .invoke(failure -> slots.decrementAndGet())
                .chain(rows -> {
                    if (rows.size() == 0) {
                        slots.decrementAndGet();
                        return Uni.createFrom().voidItem();
                    }
                    String id = rows.iterator().next().getString("id");
                    running.add(id);
                    VertxContexts.onNewContext(vertx, () -> run(id))
                            .onTermination()
                            .invoke(() -> {
                                running.remove(id);
                                slots.decrementAndGet();
                                wake();
                            })
                            .subscribe()
                            .with(
                                    ignored -> {},
                                    failure -> LOG.errorf(
                                            "build %s did not complete: %s (it is published or queued again by"
                                                    + " the next tick)",
                                            id, failure.getMessage()));
                    return fill();
                });
    }

    /** Runs one claimed build: the pipeline on a build thread, then store, then publish. */
    private Uni<Void> run(String id) {
        Executor backOnContext = VertxContexts.current();
        return Panache.withSession(() -> Build.<Build>findById(id)).chain(build -> {
            CommitPushed push =
                    EventCodec.decode(EventType.COMMIT_PUSHED, build.requestJson.getBytes(StandardCharsets.UTF_8));
            long buildNumber = build.buildNumber;
            LOG.infof("build %s of %s@%s started", id, build.repository, build.commit);
            Timer.Sample sample = Timer.start(meters);
            return Uni.createFrom()
                    .item(() -> pipeline.run(push, buildNumber, id))
                    .runSubscriptionOn(builders)
                    .emitOn(backOnContext)
                    .chain(outcome -> finish(id, outcome))
                    .invoke(finished -> {
                        String status = finished.status.toLowerCase(Locale.ROOT);
                        sample.stop(meters.timer("gitopsflow.build.duration", "status", status));
                        Counter.builder("gitopsflow.builds")
                                .tag("status", status)
                                .register(meters)
                                .increment();
                        LOG.infof("build %s ended %s in %d ms", id, finished.status, finished.totalMillis);
                    })
                    .chain(this::publishAndMark);
        });
    }

    private Uni<Build> finish(String id, BuildPipeline.Outcome outcome) {
        return Panache.withTransaction(() -> Build.<Build>findById(id).invoke(build -> {
            build.status = outcome.succeeded() ? Build.SUCCEEDED : Build.FAILED;
            build.imageRepository = outcome.imageRepository();
            build.tags = String.join(",", outcome.tags());
            build.digest = outcome.digest();
            build.failedStep = outcome.failedStep();
            build.reason = outcome.reason();
            build.logExcerpt = outcome.logExcerpt();
            build.checkoutMillis = outcome.durations().checkoutMillis();
            build.buildMillis = outcome.durations().buildMillis();
            build.pushMillis = outcome.durations().pushMillis();
            build.totalMillis = outcome.durations().totalMillis();
            build.finishedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }));
    }

    private Uni<Void> publishAndMark(Build build) {
        return results.publish(build)
                .chain(() -> pool.preparedQuery("update build set published = true where id = $1")
                        .execute(Tuple.of(build.id)))
                .replaceWithVoid();
    }

    /** Finished builds whose result Kafka did not acknowledge (it was down): published now. */
    private Uni<Void> publishUnpublished() {
        return pool.preparedQuery("select id from build where published = false and status in ('SUCCEEDED', 'FAILED')"
                        + " order by finished_at limit 100")
                .execute()
                .chain(rows -> {
                    List<String> ids = rows.stream()
                            .map(row -> row.getString("id"))
                            .filter(id -> !running.contains(id))
                            .toList();
                    if (ids.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return Multi.createFrom()
                            .iterable(ids)
                            .onItem()
                            .transformToUniAndConcatenate(id -> Panache.withSession(() -> Build.<Build>findById(id))
                                    .chain(this::publishAndMark))
                            .collect()
                            .last()
                            .invoke(ignored -> LOG.infof("published %d stored build result(s) again", ids.size()))
                            .replaceWithVoid();
                });
    }

    /** Running builds older than {@code stale-after} that this instance is not running: queued again. */
    private Uni<Void> requeueStale() {
        String[] mine = running.toArray(String[]::new);
        return pool.preparedQuery("update build set status = 'QUEUED', started_at = null where status = 'RUNNING'"
                        + " and started_at < now() - make_interval(secs => $1) and not (id = any($2)) returning id")
                .execute(Tuple.of((double) staleAfter.toSeconds(), mine))
                .invoke(rows -> {
                    for (Row row : rows) {
                        LOG.warnf(
                                "build %s was left running by an instance that stopped: queued again",
                                row.getString("id"));
                    }
                })
                .replaceWithVoid();
    }

    /** Builds this instance was running go back to the queue, for another instance (or the next start) to run. */
    void onStop(@Observes ShutdownEvent event) {
        builders.shutdownNow();
        String[] mine = running.toArray(String[]::new);
        if (mine.length == 0) {
            return;
        }
        try {
            pool.preparedQuery("update build set status = 'QUEUED', started_at = null where status = 'RUNNING'"
                            + " and id = any($1)")
                    .execute(Tuple.of((Object) mine))
                    .await()
                    .atMost(Duration.ofSeconds(5));
            LOG.infof("%d running build(s) queued again for the next instance", mine.length);
        } catch (RuntimeException e) {
            LOG.warnf("running builds stay RUNNING until stale-after: %s", e.getMessage());
        }
        try {
            builders.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
