package io.gitopsflow.writer.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.messaging.EventPublisher;
import io.gitopsflow.messaging.EventReceiver;
import io.gitopsflow.writer.service.WriterService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** gitops-writer's topics: consumes promotion-requested, produces manifest-updated. */
@ApplicationScoped
public class WriterEvents {

    private static final Logger LOG = Logger.getLogger(WriterEvents.class);
    private static final Duration DLQ_RETRY_BACKOFF = Duration.ofMillis(250);
    private static final int DLQ_RETRIES = 3;

    private final EventPublisher publisher;

    @Inject
    WriterService writer;

    private final KafkaClientService clients;

    public WriterEvents(
            EventPublisher publisher,
            // declares the outgoing channel, whose Kafka producer publishes the answers (manifestsUpdated)
            @Channel("manifest-updated") MutinyEmitter<byte[]> manifestUpdated,
            KafkaClientService clients) {
        this.publisher = publisher;
        this.clients = clients;
    }

    /**
     * Takes a whole poll in: the records that read as requests are queued in one transaction (a burst for one branch
     * arrives on one partition, so one insert per record would bound the intake rate), a record that does not read is
     * sent to the dead-letter topic, and the poll's offsets are committed only after both are done. When the queue
     * cannot be written every record of the poll goes to the dead-letter topic with the reason, as a single record's
     * failure did.
     */
    @Incoming("promotion-requested")
    public Uni<Void> onPromotionRequested(KafkaRecordBatch<String, byte[]> batch) {
        List<EventEnvelope<PromotionRequested>> requests = new ArrayList<>();
        List<Uni<Void>> poison = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                requests.add(EventReceiver.decode(record, EventType.PROMOTION_REQUESTED));
            } catch (InvalidEventException e) {
                LOG.warnf(
                        "poison record on %s (partition %d, offset %s): %s; sending it to %s",
                        record.getTopic(),
                        record.getPartition(),
                        record.getMetadata(IncomingKafkaRecordMetadata.class)
                                .map(kafka -> String.valueOf(kafka.getOffset()))
                                .orElse("unknown"),
                        e.getMessage(),
                        EventType.PROMOTION_REQUESTED.deadLetterTopic());
                // retried a few times: when it still fails the whole poll goes to the dead-letter topic (below)
                poison.add(Uni.createFrom()
                        .deferred(() -> Uni.createFrom().completionStage(record.nack(e)))
                        .onFailure()
                        .retry()
                        .withBackOff(DLQ_RETRY_BACKOFF, DLQ_RETRY_BACKOFF.multipliedBy(8))
                        .atMost(DLQ_RETRIES));
            }
        }
        return Uni.createFrom()
                .deferred(() -> writer.onPromotionsRequested(requests))
                // the poison records' dead-letter sends, then the offsets: never before the requests are queued
                .chain(() -> poison.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Uni.join().all(poison).andFailFast().replaceWithVoid())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.errorf(
                            "queueing %d %s record(s) failed: %s; sending them to %s",
                            batch.getRecords().size(),
                            EventType.PROMOTION_REQUESTED.topic(),
                            failure.getMessage(),
                            EventType.PROMOTION_REQUESTED.deadLetterTopic());
                    return Uni.createFrom().completionStage(batch.nack(failure));
                });
    }

    /**
     * Publishes a batch's answers at once, in their order, each continuing its promotion's correlation (its correlation
     * id and trace context): handed to Kafka in one go on the channel's sending thread.
     *
     * @return per answer, in order: {@code null} once Kafka acknowledged it, or why it was not taken
     */
    public Uni<List<Throwable>> manifestsUpdated(List<Answer> answers) {
        List<EventEnvelope<ManifestUpdated>> events = new ArrayList<>(answers.size());
        for (Answer answer : answers) {
            events.add(publisher.newEvent(
                    EventType.MANIFEST_UPDATED, answer.answer(), answer.correlationId(), answer.traceparent()));
        }
        return Uni.createFrom().deferred(() -> publisher.publishAll(producer(), EventType.MANIFEST_UPDATED, events));
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> producer = clients.getProducer("manifest-updated");
        if (producer == null) {
            throw new IllegalStateException("the manifest-updated channel has no Kafka producer");
        }
        return producer;
    }

    /** An answer to publish, with the correlation of the request it answers. */
    public record Answer(ManifestUpdated answer, String correlationId, String traceparent) {}
}
