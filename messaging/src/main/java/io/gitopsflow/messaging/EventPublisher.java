package io.gitopsflow.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes gitops-flow events the one way the contract defines: binary-mode CloudEvent ({@code ce_*} headers), JSON
 * data, the event's partition key, on the event's own topic. The returned {@code Uni} completes only when the broker
 * acknowledged the record (the channel's {@code acks=all}), so callers answer or commit after it, never before.
 */
@ApplicationScoped
public class EventPublisher {

    private final URI source;
    private final EventTracing tracing;

    public EventPublisher(
            @ConfigProperty(name = "quarkus.application.name") String applicationName, EventTracing tracing) {
        this.source = URI.create("/gitops-flow/" + applicationName);
        this.tracing = tracing;
    }

    /** The CloudEvent source of this service's events, e.g. {@code /gitops-flow/event-gateway}. */
    public URI source() {
        return source;
    }

    /** Publishes a new event that starts a correlation (e.g. a pushed commit: its SHA). */
    public <T extends GitopsFlowEvent> Uni<CloudEventAttributes> publish(
            MutinyEmitter<byte[]> emitter, EventType<T> type, T data, String correlationId) {
        CloudEventAttributes attributes = CloudEventAttributes.newEvent(type, data, source, correlationId, null);
        return send(emitter, type, new EventEnvelope<>(attributes, data));
    }

    /**
     * Publishes a new event that continues a correlation whose cause is no longer at hand (e.g. a build result
     * published after a restart): the stored correlation id and trace context travel on.
     */
    public <T extends GitopsFlowEvent> Uni<CloudEventAttributes> publish(
            MutinyEmitter<byte[]> emitter, EventType<T> type, T data, String correlationId, String traceparent) {
        return send(emitter, type, newEvent(type, data, correlationId, traceparent));
    }

    /**
     * A new event of this service (its source) that continues a correlation: the correlation id and trace context
     * travel on. For {@link #publishAll}.
     */
    public <T extends GitopsFlowEvent> EventEnvelope<T> newEvent(
            EventType<T> type, T data, String correlationId, String traceparent) {
        return new EventEnvelope<>(CloudEventAttributes.newEvent(type, data, source, correlationId, traceparent), data);
    }

    /** Publishes a new event caused by {@code cause}: the correlation id and trace context travel on. */
    public <T extends GitopsFlowEvent> Uni<CloudEventAttributes> publishCausedBy(
            MutinyEmitter<byte[]> emitter, EventType<T> type, T data, CloudEventAttributes cause) {
        CloudEventAttributes attributes =
                CloudEventAttributes.newEvent(type, data, source, cause.correlationId(), cause.traceparent());
        return send(emitter, type, new EventEnvelope<>(attributes, data));
    }

    /** Publishes an event with given attributes: a stored result published again keeps its id. */
    public <T extends GitopsFlowEvent> Uni<Void> publish(
            MutinyEmitter<byte[]> emitter, EventType<T> type, EventEnvelope<T> event) {
        return send(emitter, type, event).replaceWithVoid();
    }

    /**
     * Sends {@code event} in a PRODUCER span (child of the event's traceparent, or of the current context when it has
     * none) whose context the record carries; answers the attributes sent once the broker acknowledged the record.
     */
    private <T extends GitopsFlowEvent> Uni<CloudEventAttributes> send(
            MutinyEmitter<byte[]> emitter, EventType<T> type, EventEnvelope<T> event) {
        requireType(type, event);
        return Uni.createFrom().deferred(() -> {
            Span span = tracing.producer(type.topic(), event.attributes());
            CloudEventAttributes sent = EventTracing.continuedBy(span, event.attributes());
            OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(type.topic())
                    .withKey(event.data().partitionKey())
                    .withHeaders(headers(sent))
                    .build();
            return emitter.sendMessage(Message.of(EventCodec.encode(event.data()), Metadata.of(kafka)))
                    .onTermination()
                    .invoke((ignored, failure, cancelled) -> EventTracing.end(span, failure))
                    .replaceWith(sent);
        });
    }

    /**
     * Publishes many events with given attributes at once, in their order, through {@code producer} (the channel's
     * producer, {@code KafkaClientService#getProducer}): every record is handed to Kafka in one task on the channel's
     * sending thread rather than one task per message, so a batch of answers goes out in a few produce requests.
     *
     * @return per event, in order: {@code null} once the broker acknowledged it (the channel's {@code acks}), or why it
     *     was not taken; the {@code Uni} completes when every event has its outcome (on the Vert.x context it was
     *     subscribed on, if any) and never fails for one of them
     */
    public <T extends GitopsFlowEvent> Uni<List<Throwable>> publishAll(
            KafkaProducer<String, byte[]> producer, EventType<T> type, List<EventEnvelope<T>> events) {
        events.forEach(event -> requireType(type, event));
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> {
            List<Span> spans = new ArrayList<>(events.size());
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
            for (EventEnvelope<T> event : events) {
                Span span = tracing.producer(type.topic(), event.attributes());
                spans.add(span);
                records.add(new ProducerRecord<>(
                        type.topic(),
                        null,
                        event.data().partitionKey(),
                        EventCodec.encode(event.data()),
                        headers(EventTracing.continuedBy(span, event.attributes()))));
            }
            // the acknowledgements come on Kafka's network thread: the caller goes on where it subscribed
            Executor caller = Vertx.currentContext() != null ? VertxContexts.current() : Runnable::run;
            return producer.runOnSendingThread(kafka -> {
                        List<CompletableFuture<Throwable>> acks = new ArrayList<>(records.size());
                        for (int i = 0; i < records.size(); i++) {
                            acks.add(send(kafka, records.get(i), spans.get(i)));
                        }
                        return acks;
                    })
                    .chain(acks -> Uni.createFrom()
                            .completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                            .map(ignored ->
                                    acks.stream().map(CompletableFuture::join).toList()))
                    .emitOn(caller);
        });
    }

    /** Hands one record to Kafka; its acknowledgement (null) or failure ends its span. */
    private static CompletableFuture<Throwable> send(
            Producer<String, byte[]> kafka, ProducerRecord<String, byte[]> record, Span span) {
        CompletableFuture<Throwable> ack = new CompletableFuture<>();
        ack.thenAccept(failure -> EventTracing.end(span, failure));
        try {
            kafka.send(record, (metadata, failure) -> ack.complete(failure));
        } catch (RuntimeException e) {
            ack.complete(e);
        }
        return ack;
    }

    private static void requireType(EventType<?> type, EventEnvelope<?> event) {
        if (!type.cloudEventType().equals(event.attributes().type())) {
            throw new IllegalArgumentException(
                    "attributes of type " + event.attributes().type() + " on topic " + type.topic());
        }
    }

    private static RecordHeaders headers(CloudEventAttributes attributes) {
        RecordHeaders headers = new RecordHeaders();
        KafkaCloudEventHeaders.toHeaders(attributes)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }
}
