package io.gitopsflow.writer.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.messaging.EventReceiver;
import io.gitopsflow.messaging.RetryPolicy;
import io.gitopsflow.messaging.TerminalFailure;
import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.writer.service.PromotionRequestIntake;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes {@code promotion-requested} in, a whole poll at a time (a burst for one branch arrives on one partition, so one
 * insert per record would bound the intake rate): a record that does not read, or that the queue cannot hold, goes to
 * the dead-letter topic with the reason; the others are handed to the {@link PromotionRequestIntake} together, again
 * after a backoff while that fails (the database is away: the partition waits, {@link IntakeOutage} tells readiness
 * why, nothing goes to the dead-letter topic); the poll's offsets are committed only after both are done.
 */
@ApplicationScoped
public class PromotionRequestedListener {

    private static final Duration DLQ_RETRY_BACKOFF = Duration.ofMillis(250);
    private static final int DLQ_RETRIES = 3;

    private final PromotionRequestIntake intake;
    private final RetryPolicy retry;
    private final IntakeOutage outage;

    public PromotionRequestedListener(PromotionRequestIntake intake, RetryPolicy retry, IntakeOutage outage) {
        this.intake = intake;
        this.retry = retry;
        this.outage = outage;
    }

    @Incoming("promotion-requested")
    public Uni<Void> onPromotionRequested(KafkaRecordBatch<String, byte[]> batch) {
        List<EventEnvelope<PromotionRequested>> requests = new ArrayList<>();
        List<Uni<Void>> poison = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                EventEnvelope<PromotionRequested> request = EventReceiver.decode(record, EventType.PROMOTION_REQUESTED);
                PromotionRequestIntake.requireStorable(request);
                requests.add(request);
            } catch (InvalidEventException e) {
                poison.add(deadLetter(record, e));
            }
        }
        return queueWhileAway(requests, batch.getRecords().size())
                // the poison records' dead-letter sends, then the offsets: never before the requests are queued
                .chain(() -> poison.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Uni.join().all(poison).andFailFast().replaceWithVoid())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.errorf(
                            "%d %s record(s) cannot be queued: %s; sending them to %s",
                            batch.getRecords().size(),
                            EventType.PROMOTION_REQUESTED.topic(),
                            failure.getMessage(),
                            EventType.PROMOTION_REQUESTED.deadLetterTopic());
                    return Uni.createFrom().completionStage(batch.nack(failure));
                });
    }

    /** Queues the requests, again after a backoff for as long as that fails with an outage. */
    private Uni<Void> queueWhileAway(List<EventEnvelope<PromotionRequested>> requests, int records) {
        Executor backHere = VertxContexts.backHere();
        AtomicBoolean first = new AtomicBoolean(true);
        return Uni.createFrom()
                .deferred(() -> first.getAndSet(false)
                        ? intake.queue(requests)
                        // a retry comes from the backoff timer's thread: the intake runs where it ran first
                        : Uni.createFrom().voidItem().emitOn(backHere).chain(() -> intake.queue(requests)))
                .onFailure(failure -> !TerminalFailure.isTerminal(failure))
                .invoke(failure -> outage.failed(records, failure))
                .onFailure(failure -> !TerminalFailure.isTerminal(failure))
                .retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .atMost(Long.MAX_VALUE)
                .onTermination()
                .invoke(outage::ended);
    }

    /** Sends a record that does not read to the dead-letter topic, retried a few times. */
    private static Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, InvalidEventException e) {
        Log.warnf(
                "poison record on %s (partition %d, offset %s): %s; sending it to %s",
                record.getTopic(),
                record.getPartition(),
                record.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(kafka -> String.valueOf(kafka.getOffset()))
                        .orElse("unknown"),
                e.getMessage(),
                EventType.PROMOTION_REQUESTED.deadLetterTopic());
        // when it still fails the whole poll goes to the dead-letter topic
        return Uni.createFrom()
                .deferred(() -> Uni.createFrom().completionStage(record.nack(e)))
                .onFailure()
                .retry()
                .withBackOff(DLQ_RETRY_BACKOFF, DLQ_RETRY_BACKOFF.multipliedBy(8))
                .atMost(DLQ_RETRIES);
    }
}
