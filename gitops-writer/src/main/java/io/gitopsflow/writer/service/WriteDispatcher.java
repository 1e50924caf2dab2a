package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.messaging.work.WorkRunner;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Starts the queued batches through the shared {@link WorkRunner} in group mode (one batch per target key at a time,
 * at most {@code max-concurrent-writes} at once), once a burst stopped lingering ({@link BatchLinger}: the runner is
 * held back meanwhile). While a burst lingers, the local clones of branches this process has not written yet are
 * cloned and checked out, so the writes that follow only fetch.
 */
@ApplicationScoped
public class WriteDispatcher {

    private final WorkRunner runner;
    private final BatchLinger linger;
    private final BatchWriter writer;
    private final Vertx vertx;

    public WriteDispatcher(WorkRunner runner, BatchLinger linger, BatchWriter writer, Vertx vertx) {
        this.runner = runner;
        this.linger = linger;
        this.writer = writer;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        runner.start();
        runner.wake();
    }

    void onStop(@Observes ShutdownEvent event) {
        runner.stop();
    }

    /**
     * A poll carrying the requests of {@code promotions} promotions is about to be queued: its burst lingers from now, so a tick that comes
     * between their insert and {@link #queued} does not claim them before the rest of the burst (the linger ends by
     * itself if none were new).
     */
    public void arriving(int promotions) {
        if (linger.enabled()) {
            linger.arriving(promotions);
        }
    }

    /** Requests were queued: their batches start once their burst stopped lingering. */
    public void queued(List<PromotionRequested> requests) {
        if (!linger.enabled()) {
            runner.wake();
            return;
        }
        prepare(requests);
        Duration delay = linger.stored();
        if (delay.isZero()) {
            runner.wake();
        } else {
            vertx.setTimer(Math.max(1, (delay.toNanos() + 999_999) / 1_000_000), timer -> runner.wake());
        }
    }

    /** Readies the clones of the requests' branches on the runner's threads (one task per target key). */
    private void prepare(List<PromotionRequested> requests) {
        Map<String, PromotionRequested> byKey = new LinkedHashMap<>();
        requests.forEach(request -> byKey.putIfAbsent(WriteBatching.targetKey(request), request));
        for (PromotionRequested request : byKey.values()) {
            try {
                runner.blocking().execute(() -> {
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
}
