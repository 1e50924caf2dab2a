package io.gitopsflow.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads one Kafka record into its event record and hands it to the service. The record is acknowledged (its offset
 * becomes committable) only after the handler's effect completed; a record that cannot be read, or whose handler
 * fails, is nacked with the reason, which the channel's {@code dead-letter-queue} failure strategy writes to
 * {@code <topic>.dlq} (headers {@code dead-letter-reason}, {@code dead-letter-cause}) so the consumer keeps going.
 */
@ApplicationScoped
public class EventReceiver {

    private static final Logger LOG = Logger.getLogger(EventReceiver.class);

    /**
     * Decodes {@code message} as an event of {@code type} and runs {@code handler} on it.
     *
     * @return completes when the record was acknowledged or sent to the dead-letter queue
     */
    public <T extends GitopsFlowEvent> Uni<Void> receive(
            Message<byte[]> message, EventType<T> type, Function<EventEnvelope<T>, Uni<Void>> handler) {
        EventEnvelope<T> event;
        try {
            event = decode(message, type);
        } catch (InvalidEventException e) {
            LOG.warnf(
                    "poison record on %s (%s): %s; sending it to %s",
                    type.topic(), position(message), e.getMessage(), type.deadLetterTopic());
            return nack(message, e);
        }
        return Uni.createFrom()
                .deferred(() -> handler.apply(event))
                .onItem()
                .transformToUni(done -> Uni.createFrom().completionStage(message.ack()))
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.errorf(
                            "handling %s event %s (%s) failed: %s; sending it to %s",
                            type.topic(),
                            event.attributes().id(),
                            position(message),
                            failure.getMessage(),
                            type.deadLetterTopic());
                    return nack(message, failure);
                });
    }

    /** Reads the record's headers and value; throws {@link InvalidEventException} when they are not the event. */
    public static <T extends GitopsFlowEvent> EventEnvelope<T> decode(Message<byte[]> message, EventType<T> type) {
        Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        return EventCodec.decode(type, name -> lastHeader(headers, name), message.getPayload());
    }

    private static Uni<Void> nack(Message<byte[]> message, Throwable reason) {
        return Uni.createFrom().completionStage(message.nack(reason));
    }

    private static String lastHeader(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String position(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> "partition " + kafka.getPartition() + ", offset " + kafka.getOffset())
                .orElse("unknown position");
    }
}
