package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.builder.PushedImage;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.buildworker.repository.BuildQueue;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.messaging.VertxContexts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the queued builds, at most {@code gitops-flow.build.max-concurrent} at once, oldest first. A build is claimed
 * with a short lease ({@code gitops-flow.build.lease}) that this instance renews every third of it while the build
 * runs, so instances sharing the database never run the same build and a build whose instance died is taken over
 * within a lease by any instance, one starting included. The blocking pipeline runs on this dispatcher's own threads,
 * never on the event loop; the result is stored (only while this instance still holds the lease), then published, and
 * a result Kafka did not take is published again on the next tick. A commit already built for another ref is not
 * built again: its image gets this ref's tags.
 */
@ApplicationScoped
public class BuildDispatcher {

    private final BuildPipeline pipeline;
    private final BuildResults results;
    private final BuildQueue queue;
    private final Vertx vertx;
    private final int maxConcurrent;
    private final Duration lease;
    /** This instance, as the owner of the leases it holds. */
    private final String instance = "worker-" + UUID.randomUUID();

    private final ExecutorService builders;
    /** Slots taken: builds running plus claims in flight. */
    private final AtomicInteger slots = new AtomicInteger();

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;
    private long heartbeat = -1;

    public BuildDispatcher(
            BuildPipeline pipeline,
            BuildResults results,
            BuildQueue queue,
            Vertx vertx,
            BuildWorkerConfig config,
            MeterRegistry meters) {
        if (config.maxConcurrent() < 1) {
            throw new IllegalArgumentException(
                    "gitops-flow.build.max-concurrent must be at least 1, not " + config.maxConcurrent());
        }
        if (config.lease().toMillis() < 300) {
            throw new IllegalArgumentException("gitops-flow.build.lease must be at least 300ms, not " + config.lease());
        }
        this.pipeline = pipeline;
        this.results = results;
        this.queue = queue;
        this.vertx = vertx;
        this.maxConcurrent = config.maxConcurrent();
        this.lease = config.lease();
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

    /** Renews the leases of the running builds every third of a lease, from the start. */
    void onStart(@Observes StartupEvent event) {
        heartbeat = vertx.setPeriodic(Math.max(100, lease.toMillis() / 3), timer -> renewLeases());
    }

    /** Starts queued builds while slots are free; called when a build is queued or finishes. */
    public void wake() {
        VertxContexts.onNewContext(vertx, this::fill)
                .subscribe()
                .with(ignored -> {}, failure -> Log.warnf("cannot start queued builds: %s", failure.getMessage()));
    }

    /** The safety net: publishes results Kafka did not take, starts what is queued or whose lease ran out. */
    @Scheduled(
            every = "${gitops-flow.build.dispatch-interval:5s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return publishUnpublished().chain(this::fill).onFailure().recoverWithUni(failure -> {
            Log.warnf("build dispatch tick failed: %s", failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** The builds running in this instance now. */
    public Set<String> running() {
        return Set.copyOf(running);
    }

    private void renewLeases() {
        if (running.isEmpty()) {
            return;
        }
        List<String> mine = List.copyOf(running);
        queue.renew(instance, mine, lease)
                .subscribe()
                .with(
                        lost -> lost.forEach(id -> Log.warnf(
                                "build %s: its lease ran out and another instance took it over; this"
                                        + " instance will not store its result",
                                id)),
                        failure ->
                                Log.warnf("cannot renew the leases of the running builds: %s", failure.getMessage()));
    }

    private Uni<Void> fill() {
        if (slots.incrementAndGet() > maxConcurrent) {
            slots.decrementAndGet();
            return Uni.createFrom().voidItem();
        }
        return queue.claim(instance, lease)
                .onFailure()
                .invoke(failure -> slots.decrementAndGet())
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        slots.decrementAndGet();
                        return Uni.createFrom().voidItem();
                    }
                    String id = claimed.get().id();
                    if (claimed.get().previousOwner() != null) {
                        Log.warnf(
                                "build %s: the lease of %s ran out (it stopped mid-build): taken over",
                                id, claimed.get().previousOwner());
                    }
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
                                    failure -> Log.errorf(
                                            "build %s did not complete: %s (it is published or taken over once its"
                                                    + " lease runs out)",
                                            id, failure.getMessage()));
                    return fill();
                });
    }

    /** A claimed build, and the build of its commit for another ref whose image it only tags (or null). */
    private record Claimed(Build build, Build sibling) {}

    /** What running a claimed build came to, and the build whose image it tagged (null when it built). */
    private record Ran(BuildPipeline.Outcome outcome, String retagOf) {}

    /** Runs one claimed build: the pipeline (or a retag) on a build thread, then store, then publish. */
    private Uni<Void> run(String id) {
        Executor backOnContext = VertxContexts.current();
        return Panache.withSession(() -> Build.<Build>findById(id)
                        .chain(build -> builtSibling(build).map(sibling -> new Claimed(build, sibling))))
                .chain(claimed -> {
                    Build build = claimed.build();
                    Build sibling = claimed.sibling();
                    CommitPushed push = EventCodec.decode(
                            EventType.COMMIT_PUSHED, build.requestJson.getBytes(StandardCharsets.UTF_8));
                    long buildNumber = build.buildNumber;
                    Log.infof(
                            "build %s of %s@%s for %s started%s",
                            id,
                            build.repository,
                            build.commit,
                            build.ref,
                            sibling == null ? "" : " (tagging the image of " + sibling.id + ")");
                    Timer.Sample sample = Timer.start(meters);
                    return Uni.createFrom()
                            .item(() -> buildOrTag(push, buildNumber, id, sibling))
                            .runSubscriptionOn(builders)
                            .emitOn(backOnContext)
                            .chain(ran -> finish(id, ran))
                            .chain(finished -> {
                                if (finished == null) {
                                    Log.warnf("build %s: another instance holds it now; its result is not stored", id);
                                    return Uni.createFrom().voidItem();
                                }
                                count(finished, sample);
                                return publishAndMark(finished);
                            });
                });
    }

    /** Tags the image {@code sibling} built, or builds the commit when there is none or it cannot be tagged. */
    private Ran buildOrTag(CommitPushed push, long buildNumber, String id, Build sibling) {
        if (sibling != null) {
            Optional<BuildPipeline.Outcome> tagged =
                    pipeline.retag(push, buildNumber, imageOf(sibling), firstTag(sibling));
            if (tagged.isPresent()) {
                return new Ran(tagged.get(), sibling.id);
            }
        }
        return new Ran(pipeline.run(push, buildNumber, id), null);
    }

    /** A build of the same commit for another ref that has an image, or null. */
    private static Uni<Build> builtSibling(Build build) {
        return Build.<Build>find(
                        "repository = ?1 and commit = ?2 and status = ?3 and digest is not null and id <> ?4"
                                + " order by createdAt",
                        build.repository,
                        build.commit,
                        Build.SUCCEEDED,
                        build.id)
                .firstResult();
    }

    private static PushedImage imageOf(Build built) {
        return new PushedImage(built.imageRepository, Arrays.asList(built.tags.split(",")), built.digest);
    }

    private static String firstTag(Build built) {
        return built.tags.split(",")[0];
    }

    private void count(Build finished, Timer.Sample sample) {
        String status = finished.status.toLowerCase(Locale.ROOT);
        sample.stop(meters.timer("gitopsflow.build.duration", "status", status));
        Counter.builder("gitopsflow.builds")
                .tag("status", status)
                .register(meters)
                .increment();
        Log.infof("build %s ended %s in %d ms", finished.id, finished.status, finished.totalMillis);
    }

    /** Stores the result while this instance still holds the build; null when another instance took it over. */
    private Uni<Build> finish(String id, Ran ran) {
        BuildPipeline.Outcome outcome = ran.outcome();
        return Panache.withTransaction(() -> Build.<Build>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(build -> {
                    if (!Build.RUNNING.equals(build.status) || !instance.equals(build.leaseOwner)) {
                        return null;
                    }
                    build.status = outcome.succeeded() ? Build.SUCCEEDED : Build.FAILED;
                    build.retagOf = outcome.succeeded() ? ran.retagOf() : null;
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
                    build.leaseUntil = null;
                    return build;
                }));
    }

    private Uni<Void> publishAndMark(Build build) {
        return results.publish(build).chain(() -> queue.markPublished(build.id));
    }

    /** Finished builds whose result Kafka did not acknowledge (it was down): published now. */
    private Uni<Void> publishUnpublished() {
        return queue.unpublished(100).chain(found -> {
            List<String> ids =
                    found.stream().filter(id -> !running.contains(id)).toList();
            if (ids.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Multi.createFrom()
                    .iterable(ids)
                    .onItem()
                    .transformToUniAndConcatenate(id ->
                            Panache.withSession(() -> Build.<Build>findById(id)).chain(this::publishAndMark))
                    .collect()
                    .last()
                    .invoke(ignored -> Log.infof("published %d stored build result(s) again", ids.size()))
                    .replaceWithVoid();
        });
    }

    /** Builds this instance was running go back to the queue, for another instance (or the next start) to run. */
    void onStop(@Observes ShutdownEvent event) {
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
        }
        builders.shutdownNow();
        if (running.isEmpty()) {
            return;
        }
        try {
            List<String> released = queue.release(instance).await().atMost(Duration.ofSeconds(5));
            Log.infof("%d running build(s) queued again for the next instance", released.size());
        } catch (RuntimeException e) {
            Log.warnf("running builds stay RUNNING until their lease runs out: %s", e.getMessage());
        }
        try {
            builders.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
