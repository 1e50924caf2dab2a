package io.gitopsflow.promotion.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.messaging.EventPublisher;
import io.gitopsflow.promotion.DecisionEvent;
import io.gitopsflow.promotion.repository.DecisionEventRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * promotion-service's decisions as events of the contract — freight-created, promotion-updated, and the pipelines it
 * runs, pipeline-configured — published as they
 * were stored, for the shared outbox relay. Each keeps the id and time it was stored with, so publishing a row again
 * sends the same CloudEvent; answers the ids Kafka acknowledged.
 */
@ApplicationScoped
public class DecisionPublisher {

    private final EventPublisher publisher;
    private final MutinyEmitter<byte[]> freightCreated;
    private final MutinyEmitter<byte[]> promotionUpdated;
    private final MutinyEmitter<byte[]> pipelineConfigured;
    private final DecisionEventRepository events;
    private final Transactions transactions;

    public DecisionPublisher(
            EventPublisher publisher,
            @Channel("freight-created") MutinyEmitter<byte[]> freightCreated,
            @Channel("promotion-updated") MutinyEmitter<byte[]> promotionUpdated,
            @Channel("pipeline-configured") MutinyEmitter<byte[]> pipelineConfigured,
            DecisionEventRepository events,
            Transactions transactions) {
        this.publisher = publisher;
        this.freightCreated = freightCreated;
        this.promotionUpdated = promotionUpdated;
        this.pipelineConfigured = pipelineConfigured;
        this.events = events;
        this.transactions = transactions;
    }

    /** Publishes the stored events of {@code ids}, oldest first. */
    public Uni<List<String>> publish(List<String> ids) {
        return transactions.run(() -> events.byIds(ids)).chain(this::publishInOrder);
    }

    /**
     * One after the other, each once the one before was acknowledged: one promotion's updates reach their partition in
     * the order they were decided, and the first one Kafka does not take holds back the rest (published again later,
     * still in order).
     */
    private Uni<List<String>> publishInOrder(List<DecisionEvent> stored) {
        List<String> acknowledged = new ArrayList<>();
        Uni<Boolean> going = Uni.createFrom().item(true);
        for (DecisionEvent event : stored) {
            going = going.chain(ok -> !ok
                    ? Uni.createFrom().item(false)
                    : Uni.createFrom()
                            .deferred(() -> send(event))
                            .invoke(() -> acknowledged.add(event.id))
                            .replaceWith(true)
                            .onFailure()
                            .recoverWithItem(failure -> {
                                Log.warnf(
                                        "%s %s not acknowledged yet: %s", event.topic, event.id, failure.getMessage());
                                return false;
                            }));
        }
        return going.map(ignored -> List.copyOf(acknowledged));
    }

    private Uni<Void> send(DecisionEvent event) {
        if (EventType.FREIGHT_CREATED.topic().equals(event.topic)) {
            return send(freightCreated, EventType.FREIGHT_CREATED, event);
        }
        if (EventType.PIPELINE_CONFIGURED.topic().equals(event.topic)) {
            return send(pipelineConfigured, EventType.PIPELINE_CONFIGURED, event);
        }
        return send(promotionUpdated, EventType.PROMOTION_UPDATED, event);
    }

    private <T extends GitopsFlowEvent> Uni<Void> send(
            MutinyEmitter<byte[]> channel, EventType<T> type, DecisionEvent event) {
        T data = EventCodec.decode(type, event.dataJson.getBytes(StandardCharsets.UTF_8));
        CloudEventAttributes attributes = new CloudEventAttributes(
                event.id,
                publisher.source(),
                type.cloudEventType(),
                data.subject(),
                event.occurredAt.toInstant(),
                event.correlationId,
                event.traceparent);
        return publisher.publish(channel, type, new EventEnvelope<>(attributes, data));
    }
}
