package io.gitopsflow.writer.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.messaging.EventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes {@code manifest-updated}: a batch's answers at once, each continuing its promotion's correlation. */
@ApplicationScoped
public class ManifestUpdatedPublisher {

    private final EventPublisher publisher;
    private final KafkaClientService clients;

    public ManifestUpdatedPublisher(
            EventPublisher publisher,
            // declares the outgoing channel, whose Kafka producer publishes the answers
            @Channel("manifest-updated") MutinyEmitter<byte[]> manifestUpdated,
            KafkaClientService clients) {
        this.publisher = publisher;
        this.clients = clients;
    }

    /**
     * Publishes answers at once, in their order, each with the correlation id and trace context of the request it
     * answers: handed to Kafka in one go on the channel's sending thread.
     *
     * @return per answer, in order: {@code null} once Kafka acknowledged it, or why it was not taken
     */
    public Uni<List<Throwable>> publishAll(List<Outgoing> answers) {
        List<EventEnvelope<ManifestUpdated>> events = new ArrayList<>(answers.size());
        for (Outgoing answer : answers) {
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
    public record Outgoing(ManifestUpdated answer, String correlationId, String traceparent) {}
}
