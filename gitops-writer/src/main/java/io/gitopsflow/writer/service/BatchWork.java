package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.repository.ManifestWriteRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One claimed batch, start to end: Git on a blocking thread ({@link BatchWriter}), then every answer stored in one
 * statement, then published, then {@code git gc --auto} on the clone once the answers are out.
 */
@ApplicationScoped
public class BatchWork {

    private final BatchWriter writer;
    private final ManifestWriteRepository writes;
    private final AnswerOutbox outbox;
    private final MeterRegistry meters;

    public BatchWork(BatchWriter writer, ManifestWriteRepository writes, AnswerOutbox outbox, MeterRegistry meters) {
        this.writer = writer;
        this.writes = writes;
        this.outbox = outbox;
        this.meters = meters;
    }

    /**
     * Writes {@code claimed} (one target key, in arrival order), blocking work on {@code blocking}; completes on the
     * calling Vert.x context ({@code backOnContext}) once the answers are stored and handed to Kafka.
     */
    public Uni<Void> run(List<ManifestWrite> claimed, Executor blocking, Executor backOnContext) {
        List<PromotionRequested> requests =
                claimed.stream().map(WriteAnswers::request).toList();
        Timer.Sample sample = Timer.start(meters);
        long began = System.nanoTime();
        return Uni.createFrom()
                .item(() -> writer.write(requests))
                .runSubscriptionOn(blocking)
                .emitOn(backOnContext)
                .chain(answers -> {
                    sample.stop(meters.timer("gitopsflow.writer.write.duration"));
                    DistributionSummary.builder("gitopsflow.writer.batch.size")
                            .register(meters)
                            .record(requests.size());
                    long written = System.nanoTime();
                    List<ManifestWrite> answered = answered(claimed, answers);
                    return writes.storeAnswers(answered, answered.get(0).updatedAt)
                            .invoke(() -> count(answered))
                            .chain(() -> outbox.publishAndMark(answered, byId(requests)))
                            .invoke(() -> Log.debugf(
                                    "batch of %d: git %d ms, answers stored and published %d ms",
                                    requests.size(),
                                    (written - began) / 1_000_000,
                                    (System.nanoTime() - written) / 1_000_000));
                })
                // the clone is packed once the answers are out (the next batch of this branch waits for it)
                .chain(() -> Uni.createFrom()
                        .item(() -> {
                            writer.housekeep(requests.get(0));
                            return null;
                        })
                        .runSubscriptionOn(blocking)
                        .emitOn(backOnContext)
                        .onFailure()
                        .recoverWithNull())
                .replaceWithVoid();
    }

    private static List<ManifestWrite> answered(List<ManifestWrite> claimed, Map<String, BatchWriter.Answer> answers) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ManifestWrite> answered = new ArrayList<>(claimed.size());
        for (ManifestWrite request : claimed) {
            BatchWriter.Answer answer = answers.get(request.requestId);
            if (answer != null) { // always: the writer answers every request it is given
                answered.add(WriteAnswers.answered(request, answer, now));
            }
        }
        return answered;
    }

    private void count(List<ManifestWrite> answered) {
        for (ManifestWrite write : answered) {
            Counter.builder("gitopsflow.writer.requests")
                    .tag("status", write.status.toLowerCase(Locale.ROOT))
                    .register(meters)
                    .increment();
            if (ManifestWrite.FAILED.equals(write.status)) {
                Log.warnf("request %s failed: %s", write.requestId, write.reason);
            }
        }
    }

    private static Map<String, PromotionRequested> byId(List<PromotionRequested> requests) {
        Map<String, PromotionRequested> byId = new HashMap<>();
        requests.forEach(request -> byId.put(request.requestId(), request));
        return byId;
    }
}
