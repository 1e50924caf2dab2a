package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.messaging.EventTracing;
import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.messaging.work.DurableQueue.Claim;
import io.gitopsflow.messaging.work.WorkRunner;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.repository.ManifestWriteRepository;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One claimed batch (the queued requests of one target key), start to end: Git on the runner's blocking threads
 * ({@link BatchWriter}), then the answers settled ({@link BatchSettlement}), then {@code git gc --auto} on the clone
 * once the answers are out.
 */
@ApplicationScoped
public class BatchWork implements WorkRunner.Work {

    private final BatchWriter writer;
    private final ManifestWriteRepository writes;
    private final BatchSettlement settlement;
    private final MeterRegistry meters;
    private final EventTracing tracing;

    public BatchWork(
            BatchWriter writer,
            ManifestWriteRepository writes,
            BatchSettlement settlement,
            MeterRegistry meters,
            EventTracing tracing) {
        this.writer = writer;
        this.writes = writes;
        this.settlement = settlement;
        this.meters = meters;
        this.tracing = tracing;
    }

    @Override
    public Uni<Void> run(List<Claim> unit, Executor blocking) {
        Executor backOnContext = VertxContexts.current();
        return writes.byIds(unit.stream().map(Claim::id).toList()).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<ManifestWrite> batch = WriteBatching.inArrivalOrder(claimed);
            Map<String, PromotionRequested> requests = new LinkedHashMap<>();
            batch.forEach(write -> requests.put(write.requestId, WriteAnswers.request(write)));
            return writes.knownHead(batch.get(0).targetKey)
                    .chain(head -> write(batch, requests, head, blocking, backOnContext))
                    // the clone is packed once the answers are out (the next batch of this branch waits for it)
                    .chain(() -> housekeep(requests.values().iterator().next(), blocking, backOnContext));
        });
    }

    private Uni<Void> write(
            List<ManifestWrite> batch,
            Map<String, PromotionRequested> requests,
            String knownHead,
            Executor blocking,
            Executor backOnContext) {
        Timer.Sample sample = Timer.start(meters);
        long began = System.nanoTime();
        // named by project and stage: the target's URL may carry what must not be shown
        PromotionRequested first = requests.values().iterator().next();
        return Uni.createFrom()
                // one span per batch, in the trace of its first request (a batch is usually one promotion's)
                .item(() -> tracing.stepBlocking(
                        "gitops write " + first.project() + "/" + first.stage(),
                        batch.get(0).traceparent,
                        () -> writer.write(List.copyOf(requests.values()), knownHead)))
                .runSubscriptionOn(blocking)
                .emitOn(backOnContext)
                .chain(answers -> {
                    sample.stop(meters.timer("gitopsflow.writer.write.duration"));
                    DistributionSummary.builder("gitopsflow.writer.batch.size")
                            .register(meters)
                            .record(batch.size());
                    long written = System.nanoTime();
                    return settlement
                            .settle(batch, requests, answers)
                            .invoke(() -> Log.debugf(
                                    "batch of %d: git %d ms, answers stored and published %d ms",
                                    batch.size(),
                                    (written - began) / 1_000_000,
                                    (System.nanoTime() - written) / 1_000_000));
                });
    }

    private Uni<Void> housekeep(PromotionRequested request, Executor blocking, Executor backOnContext) {
        return Uni.createFrom()
                .item(() -> {
                    writer.housekeep(request);
                    return null;
                })
                .runSubscriptionOn(blocking)
                .emitOn(backOnContext)
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
