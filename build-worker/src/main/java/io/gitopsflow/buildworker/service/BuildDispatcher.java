package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.buildworker.messaging.BuildResultPublisher;
import io.gitopsflow.buildworker.repository.BuildQueue;
import io.gitopsflow.messaging.VertxContexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    private final BuildRunner runner;
    private final BuildResultPublisher results;
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
    private long heartbeat = -1;

    public BuildDispatcher(
            BuildRunner runner,
            BuildResultPublisher results,
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
        this.runner = runner;
        this.results = results;
        this.queue = queue;
        this.vertx = vertx;
        this.maxConcurrent = config.maxConcurrent();
        this.lease = config.lease();
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

    /** Runs one claimed build, then publishes its result (a build queued again for a retry has none yet). */
    private Uni<Void> run(String id) {
        return runner.run(id, instance, builders).chain(stored -> {
            if (stored == null || !stored.finished()) {
                return Uni.createFrom().voidItem();
            }
            return publishAndMark(stored);
        });
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
                    .transformToUniAndConcatenate(id -> runner.stored(id).chain(this::publishAndMark))
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
