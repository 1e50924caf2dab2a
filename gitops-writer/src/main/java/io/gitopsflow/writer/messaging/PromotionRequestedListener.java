package io.gitopsflow.writer.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.messaging.EventReceiver;
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
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes {@code promotion-requested} in, a whole poll at a time (a burst for one branch arrives on one partition, so one
 * insert per record would bound the intake rate): a record that does not read, or that the queue cannot hold, goes to
 * the dead-letter topic with the reason; the others are handed to the {@link PromotionRequestIntake} together, again
 * after a backoff while that fails (the database is away: the partition waits, readiness tells
 * why, nothing goes to the dead-letter topic); the poll's offsets are committed only after both are done.
 */
@ApplicationScoped
public class PromotionRequestedListener {

    private static final Duration DLQ_RETRY_BACKOFF = Duration.ofMillis(250);
    private static final int DLQ_RETRIES = 3;

    private final PromotionRequestIntake intake;
    private final EventReceiver receiver;

    public PromotionRequestedListener(PromotionRequestIntake intake, EventReceiver receiver) {
        this.intake = intake;
        this.receiver = receiver;
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
        return receiver.whileAway(
                EventType.PROMOTION_REQUESTED.topic(),
                "a poll of " + records + " record(s)",
                // each request queued with its CONSUMER span's context, which the write and its answer continue
                () -> receiver.tracedAll(EventType.PROMOTION_REQUESTED.topic(), requests, intake::queue));
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
