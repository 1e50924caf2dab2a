package io.gitopsflow.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.InvalidEventException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
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
    private final EventTracing tracing;

    public EventReceiver(ConsumerOutages outages, RetryPolicy retry, EventTracing tracing) {
        this.outages = outages;
        this.retry = retry;
        this.tracing = tracing;
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
        long received = System.currentTimeMillis();
        return traced(type.topic(), event, traced -> whileAway(type.topic(), position, () -> handler.apply(traced)))
                .invoke(() -> logHandOver(message, type, event, received))
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

    /**
     * Runs {@code handling} on {@code event} in its CONSUMER span: the event handed on carries the span's traceparent
     * (what the handlers store or cause continues the trace from there), and the span is the current context while the
     * handling runs (on the record's Vert.x context until it ended).
     */
    public <T extends GitopsFlowEvent> Uni<Void> traced(
            String topic, EventEnvelope<T> event, Function<EventEnvelope<T>, Uni<Void>> handling) {
        return tracedAll(topic, List.of(event), traced -> handling.apply(traced.get(0)));
    }

    /** {@link #traced} for a whole poll: one CONSUMER span per event, all ended when {@code handling} ended. */
    public <T extends GitopsFlowEvent> Uni<Void> tracedAll(
            String topic, List<EventEnvelope<T>> events, Function<List<EventEnvelope<T>>, Uni<Void>> handling) {
        return Uni.createFrom().deferred(() -> {
            List<Span> spans = new ArrayList<>(events.size());
            List<EventEnvelope<T>> traced = new ArrayList<>(events.size());
            for (EventEnvelope<T> event : events) {
                Span span = tracing.consumer(topic, event.attributes());
                spans.add(span);
                traced.add(new EventEnvelope<>(EventTracing.continuedBy(span, event.attributes()), event.data()));
            }
            // a scope on a plain thread must close on that thread; on a Vert.x context it holds until the end
            boolean held = VertxContext.isOnDuplicatedContext();
            Scope current =
                    spans.size() == 1 ? Context.current().with(spans.get(0)).makeCurrent() : Scope.noop();
            Uni<Void> handled;
            try {
                handled = handling.apply(traced);
            } catch (RuntimeException e) {
                if (held) {
                    current.close();
                }
                spans.forEach(span -> EventTracing.end(span, e));
                throw e;
            } finally {
                if (!held) {
                    current.close();
                }
            }
            return handled.onTermination().invoke((ignored, failure, cancelled) -> {
                if (held) {
                    current.close();
                }
                spans.forEach(span -> EventTracing.end(span, failure));
            });
        });
    }

    /**
     * Runs {@code work} for the records at {@code position} of {@code topic}, again after a backoff for as long as it
     * fails with an outage (anything but a {@link TerminalFailure}), where it ran first; readiness names the records
     * and the reason meanwhile. For a listener that takes a whole poll at once; {@link #receive} uses it per record.
     *
     * @return completes when {@code work} did, or fails with its terminal failure
     */
    public Uni<Void> whileAway(String topic, String position, Supplier<Uni<Void>> work) {
        Executor backHere = VertxContexts.backHere();
        AtomicBoolean first = new AtomicBoolean(true);
        return Uni.createFrom()
                .deferred(() -> first.getAndSet(false)
                        ? work.get()
                        // a retry comes from the backoff timer's thread: the work runs where it ran first
                        : Uni.createFrom().voidItem().emitOn(backHere).chain(ignored -> work.get()))
                .onFailure(failure -> !TerminalFailure.isTerminal(failure))
                .invoke(failure -> outageMet(topic, position, failure))
                .onFailure(failure -> !TerminalFailure.isTerminal(failure))
                .retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .atMost(Long.MAX_VALUE)
                .onTermination()
                .invoke(() -> outages.ended(topic, position));
    }

    private void outageMet(String topic, String position, Throwable failure) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        outages.failed(topic, position, reason);
        Log.warnf(
                "handling %s (%s) met an outage: %s; retrying (nothing goes to %s)",
                topic, position, reason, topic + ".dlq");
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

    /** Where a hop's time went, for the debug log: from the record's timestamp to its receipt, then its handling. */
    private static void logHandOver(Message<byte[]> message, EventType<?> type, EventEnvelope<?> event, long received) {
        if (Log.isDebugEnabled()) {
            long produced = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(kafka -> kafka.getTimestamp().toEpochMilli())
                    .orElse(received);
            Log.debugf(
                    "%s event %s received %d ms after its record's timestamp, handled in %d ms",
                    type.topic(), event.attributes().id(), received - produced, System.currentTimeMillis() - received);
        }
    }

    private static String position(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> "partition " + kafka.getPartition() + ", offset " + kafka.getOffset())
                .orElse("unknown position");
    }
}
