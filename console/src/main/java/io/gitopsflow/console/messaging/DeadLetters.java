package io.gitopsflow.console.messaging;

import io.gitopsflow.console.service.IncomingEvent;
import io.gitopsflow.console.service.PoisonEvent;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends the records the projection refused to {@code <topic>.dlq}, the value and CloudEvent headers as they came and
 * the reason in {@code dead-letter-reason} (the headers SmallRye's dead-letter strategy writes), each send waiting for
 * the broker's acknowledgement.
 */
@ApplicationScoped
public class DeadLetters {

    private static final List<String> KEPT_HEADERS = List.of(
            KafkaCloudEventHeaders.SPEC_VERSION,
            KafkaCloudEventHeaders.ID,
            KafkaCloudEventHeaders.SOURCE,
            KafkaCloudEventHeaders.TYPE,
            KafkaCloudEventHeaders.SUBJECT,
            KafkaCloudEventHeaders.TIME,
            KafkaCloudEventHeaders.CONTENT_TYPE,
            KafkaCloudEventHeaders.CORRELATION_ID,
            KafkaCloudEventHeaders.TRACEPARENT);

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Sends every refused record; completes when the broker acknowledged all of them. */
    public Uni<Void> send(List<PoisonEvent> poison) {
        if (poison.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(poison.stream().map(this::sendOne).toList())
                .andFailFast()
                .replaceWithVoid();
    }

    private Uni<Void> sendOne(PoisonEvent refused) {
        IncomingEvent record = refused.record();
        String topic = record.topic() + ".dlq";
        Log.warnf("poison record %s: %s; sending it to %s", record.position(), refused.reason(), topic);
        RecordHeaders headers = new RecordHeaders();
        for (String name : KEPT_HEADERS) {
            String value = record.header().apply(name);
            if (value != null) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        }
        headers.add("dead-letter-reason", refused.reason().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withHeaders(headers)
                .build();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return emitter.sendMessage(Message.of(value).addMetadata(metadata));
    }
}
