package io.gitopsflow.promotion.messaging;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.messaging.EventPublisher;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * promotion-service's outgoing topics: promotion-requested (to gitops-writer) and stage-promoted (to analysis), each
 * published as it was stored, for the shared outbox relay. Each answers the ids Kafka acknowledged. The stored id is the
 * CloudEvent id and the event's own time its time, so an event published again is the same CloudEvent.
 */
@ApplicationScoped
public class PromotionPublisher {

    private final EventPublisher publisher;
    private final MutinyEmitter<byte[]> promotionRequested;
    private final MutinyEmitter<byte[]> stagePromoted;
    private final PromotionWriteRepository writes;
    private final PromotionRepository promotions;
    private final Transactions transactions;

    public PromotionPublisher(
            EventPublisher publisher,
            @Channel("promotion-requested") MutinyEmitter<byte[]> promotionRequested,
            @Channel("stage-promoted") MutinyEmitter<byte[]> stagePromoted,
            PromotionWriteRepository writes,
            PromotionRepository promotions,
            Transactions transactions) {
        this.publisher = publisher;
        this.promotionRequested = promotionRequested;
        this.stagePromoted = stagePromoted;
        this.writes = writes;
        this.promotions = promotions;
        this.transactions = transactions;
    }

    /** One stored event and the correlation and trace it continues. */
    private record Stored(String id, String json, String correlationId, String traceparent) {}

    /** Publishes the stored promotion-requested of the writes {@code requestIds}. */
    public Uni<List<String>> publishRequests(List<String> requestIds) {
        return transactions
                .run(() -> writes.byRequestIds(requestIds)
                        .chain(found -> found.isEmpty()
                                ? Uni.createFrom().item(List.<Stored>of())
                                : promotions
                                        .byIds(found.stream()
                                                .map(w -> w.promotionId)
                                                .distinct()
                                                .toList())
                                        .map(owners -> requests(found, owners))))
                .chain(stored -> publishAll(
                        stored, promotionRequested, EventType.PROMOTION_REQUESTED, PromotionRequested::requestedAt));
    }

    /** Publishes the stored stage-promoted events of {@code stagePromotedIds}. */
    public Uni<List<String>> publishStagePromoted(List<String> stagePromotedIds) {
        return transactions
                .run(() -> promotions.byStagePromotedIds(stagePromotedIds))
                .map(found -> found.stream()
                        .filter(p -> p.stagePromotedJson != null)
                        .map(p -> new Stored(p.stagePromotedId, p.stagePromotedJson, p.correlationId, p.traceparent))
                        .toList())
                .chain(stored ->
                        publishAll(stored, stagePromoted, EventType.STAGE_PROMOTED, StagePromoted::promotedAt));
    }

    private static List<Stored> requests(List<PromotionWrite> found, List<Promotion> owners) {
        Map<String, Promotion> byId = owners.stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        List<Stored> stored = new ArrayList<>();
        for (PromotionWrite write : found) {
            Promotion owner = byId.get(write.promotionId);
            stored.add(new Stored(
                    write.requestId,
                    write.requestJson,
                    owner == null ? null : owner.correlationId,
                    owner == null ? null : owner.traceparent));
        }
        return stored;
    }

    /** Publishes every event at once; answers the ids Kafka acknowledged (a failed one is published again later). */
    private <T extends GitopsFlowEvent> Uni<List<String>> publishAll(
            List<Stored> stored, MutinyEmitter<byte[]> channel, EventType<T> type, Function<T, Instant> time) {
        if (stored.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<String>> sends = stored.stream()
                .map(event -> Uni.createFrom()
                        .deferred(() -> publisher.publish(channel, type, envelope(type, event, time)))
                        .replaceWith(event.id())
                        .onFailure()
                        .recoverWithItem(failure -> {
                            Log.warnf("%s %s not acknowledged yet: %s", type.topic(), event.id(), failure.getMessage());
                            return null;
                        }))
                .toList();
        return Uni.join()
                .all(sends)
                .andFailFast()
                .map(ids -> ids.stream().filter(Objects::nonNull).toList());
    }

    private <T extends GitopsFlowEvent> EventEnvelope<T> envelope(
            EventType<T> type, Stored event, Function<T, Instant> time) {
        T data = EventCodec.decode(type, event.json().getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope<>(
                new CloudEventAttributes(
                        event.id(),
                        publisher.source(),
                        type.cloudEventType(),
                        data.subject(),
                        time.apply(data),
                        event.correlationId(),
                        event.traceparent()),
                data);
    }
}
