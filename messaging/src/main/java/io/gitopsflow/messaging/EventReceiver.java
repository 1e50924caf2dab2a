package io.gitopsflow.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads one Kafka record into its event record and hands it to the service. The record is acknowledged (its offset
 * becomes committable) only after the handler's effect completed. Failures are terminal or retryable:
 *
 * <ul>
 *   <li>a record that cannot be read, or whose handler throws {@link TerminalFailure} (its content is wrong), is nacked
 *       with the reason, which the channel's {@code dead-letter-queue} failure strategy writes to {@code <topic>.dlq}
 *       (headers {@code dead-letter-reason}, {@code dead-letter-cause}) so the consumer keeps going;
 *   <li>any other failure is an outage (database, broker, Git host, registry): the handler runs again after a backoff
 *       doubling up to {@code gitops-flow.messaging.retry.max-backoff}, for as long as the outage lasts. The channel
 *       hands over the next record only once this one is done, so the partition waits (the connector pauses it when
 *       its buffer is full) and {@link ConsumerOutages} tells readiness why. Nothing goes to the DLQ.
 * </ul>
 */
@ApplicationScoped
public class EventReceiver {

    private final ConsumerOutages outages;
    private final RetryPolicy retry;

    public EventReceiver(ConsumerOutages outages, RetryPolicy retry) {
        this.outages = outages;
        this.retry = retry;
    }

    /**
     * Decodes {@code message} as an event of {@code type} and runs {@code handler} on it, again while it fails with an
     * outage.
     *
     * @return completes when the record was acknowledged or sent to the dead-letter queue
     */
    public <T extends GitopsFlowEvent> Uni<Void> receive(
            Message<byte[]> message, EventType<T> type, Function<EventEnvelope<T>, Uni<Void>> handler) {
        EventEnvelope<T> event;
        try {
            event = decode(message, type);
        } catch (InvalidEventException e) {
            Log.warnf(
                    "poison record on %s (%s): %s; sending it to %s",
                    type.topic(), position(message), e.getMessage(), type.deadLetterTopic());
            return nack(message, e);
        }
        String position = position(message);
        Executor backHere = VertxContexts.backHere();
        AtomicBoolean first = new AtomicBoolean(true);
        return Uni.createFrom()
                .deferred(() -> first.getAndSet(false)
                        ? handler.apply(event)
                        // a retry comes from the backoff timer's thread: the handler runs where it ran first
                        : Uni.createFrom().voidItem().emitOn(backHere).chain(() -> handler.apply(event)))
                .onFailure(failure -> !TerminalFailure.isTerminal(failure))
                .invoke(failure -> outageMet(type, event, position, failure))
                .onFailure(failure -> !TerminalFailure.isTerminal(failure))
                .retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .atMost(Long.MAX_VALUE)
                .onTermination()
                .invoke(() -> outages.ended(type.topic(), position))
                .onItem()
                .transformToUni(done -> Uni.createFrom().completionStage(message.ack()))
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.errorf(
                            "%s event %s (%s) is wrong: %s; sending it to %s",
                            type.topic(),
                            event.attributes().id(),
                            position,
                            failure.getMessage(),
                            type.deadLetterTopic());
                    return nack(message, failure);
                });
    }

    private void outageMet(EventType<?> type, EventEnvelope<?> event, String position, Throwable failure) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        outages.failed(type.topic(), position, reason);
        Log.warnf(
                "handling %s event %s (%s) met an outage: %s; retrying (nothing goes to %s)",
                type.topic(), event.attributes().id(), position, reason, type.deadLetterTopic());
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
