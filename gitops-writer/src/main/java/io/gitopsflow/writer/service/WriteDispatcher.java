package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.config.WriterConfig;
import io.gitopsflow.writer.repository.ManifestWriteRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the queued batches, one per target key at a time and at most {@code max-concurrent-writes} at once: every
 * request of a key queued when its write starts goes into that commit ({@link WriteBatching}), once its burst stopped
 * lingering ({@link BatchLinger}); those arriving during the write form the next one. A tick is the safety net: it
 * queues again a batch left by an instance that died, publishes answers Kafka did not take and starts what is queued.
 */
@ApplicationScoped
public class WriteDispatcher {

    private final BatchWork work;
    private final BatchWriter writer;
    private final ManifestWriteRepository writes;
    private final AnswerOutbox outbox;
    private final BatchLinger linger;
    private final Vertx vertx;
    private final ExecutorService blocking;
    private final int maxConcurrent;
    private final Duration staleAfter;
    private final Set<String> writingKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> writingRequests = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean filling = new AtomicBoolean();
    private final AtomicBoolean wokenAgain = new AtomicBoolean();

    public WriteDispatcher(
            BatchWork work,
            BatchWriter writer,
            ManifestWriteRepository writes,
            AnswerOutbox outbox,
            BatchLinger linger,
            Vertx vertx,
            @Named("gitops-writes") ExecutorService blocking,
            WriterConfig config) {
        this.work = work;
        this.writer = writer;
        this.writes = writes;
        this.outbox = outbox;
        this.linger = linger;
        this.vertx = vertx;
        this.blocking = blocking;
        this.maxConcurrent = config.maxConcurrentWrites();
        this.staleAfter = config.staleAfter();
    }

    /**
     * Requests were queued: their batches start once the burst stopped lingering. Meanwhile the local clone of a
     * branch this process has not written yet is cloned and checked out, so the write that follows only fetches.
     */
    public void queued(List<PromotionRequested> requests) {
        if (!linger.enabled()) {
            wake();
            return;
        }
        prepare(requests);
        Duration delay = linger.queued();
        if (delay.isZero()) {
            wake();
        } else {
            vertx.setTimer(Math.max(1, (delay.toNanos() + 999_999) / 1_000_000), timer -> wake());
        }
    }

    /** Readies the clones of the requests' branches on the writer threads (one task per target key). */
    private void prepare(List<PromotionRequested> requests) {
        Map<String, PromotionRequested> byKey = new LinkedHashMap<>();
        requests.forEach(request -> byKey.putIfAbsent(WriteBatching.targetKey(request), request));
        for (PromotionRequested request : byKey.values()) {
            try {
                blocking.execute(() -> {
                    try {
                        writer.prepare(request);
                    } catch (RuntimeException e) {
                        Log.debugf(
                                "cannot ready the clone for %s: %s",
                                request.target().repositoryUrl(), e.getMessage());
                    }
                });
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /**
     * Starts batches for the keys with queued requests; called when the queue may hold work: after a linger, when a
     * batch ends, on the tick. Wake-ups that come while a look at the queue is running are folded into one more look
     * after it, so a burst of requests costs a few queries, not one per request.
     */
    public void wake() {
        wokenAgain.set(true);
        if (filling.compareAndSet(false, true)) {
            fillWhileWoken();
        }
    }

    private void fillWhileWoken() {
        wokenAgain.set(false);
        VertxContexts.onNewContext(vertx, this::fill)
                .onTermination()
                .invoke(() -> {
                    filling.set(false);
                    if (wokenAgain.get() && filling.compareAndSet(false, true)) {
                        fillWhileWoken();
                    }
                })
                .subscribe()
                .with(ignored -> {}, failure -> Log.warnf("cannot start queued writes: %s", failure.getMessage()));
    }

    /** The safety net: recovers stale batches, publishes answers Kafka did not take, starts what is queued. */
    @Scheduled(
            every = "${gitops-flow.writer.dispatch-interval:5s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return writes.requeueStale(staleAfter, Set.copyOf(writingRequests))
                .invoke(ids -> ids.forEach(
                        id -> Log.warnf("request %s was left mid-write by an instance that stopped: queued again", id)))
                .chain(() -> outbox.publishUnpublished(Set.copyOf(writingRequests)))
                .chain(this::fill)
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.warnf("write dispatch tick failed: %s", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Claims and starts a batch per key with queued requests — unless a burst is still arriving: then its linger starts
     * it, as one batch, whoever asked (the tick, a batch that ended, a wake-up).
     */
    private Uni<Void> fill() {
        if (linger.holding()) {
            return Uni.createFrom().voidItem();
        }
        return writes.queuedTargetKeys().chain(keys -> {
            List<Uni<Void>> claims = new ArrayList<>();
            for (String key : keys) {
                if (writingKeys.size() < maxConcurrent && writingKeys.add(key)) {
                    claims.add(claimAndStart(key));
                }
            }
            return claims.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.join().all(claims).andCollectFailures().replaceWithVoid();
        });
    }

    private Uni<Void> claimAndStart(String key) {
        return writes.claim(key)
                .onFailure()
                .invoke(failure -> writingKeys.remove(key))
                .invoke(claimed -> {
                    if (claimed.isEmpty()) {
                        writingKeys.remove(key);
                    } else {
                        start(key, WriteBatching.inArrivalOrder(claimed));
                    }
                })
                .replaceWithVoid();
    }

    private void start(String key, List<ManifestWrite> batch) {
        List<String> ids = batch.stream().map(write -> write.requestId).toList();
        writingRequests.addAll(ids);
        VertxContexts.onNewContext(vertx, () -> work.run(batch, blocking, VertxContexts.current()))
                .onTermination()
                .invoke(() -> {
                    writingRequests.removeAll(ids);
                    writingKeys.remove(key);
                    wake();
                })
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> Log.errorf(
                                "a write of %d request(s) did not complete: %s (published or queued again by the"
                                        + " next tick)",
                                ids.size(), failure.getMessage()));
    }
}
