package io.gitopsflow.promotion.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.messaging.EventTracing;
import io.gitopsflow.promotion.DecisionEvent;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.repository.DecisionEventRepository;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What promotion-service decides, stored as events of the contract in the transaction of the decision (after its
 * state, so a rolled-back decision leaves no event): a Freight created, and every update of a promotion — its creation,
 * each phase change, each approval and rejection with its reviewer, each hold set and released. Each event gets its
 * CloudEvent id and time here, once, so publishing it again is the same event.
 */
@ApplicationScoped
public class DecisionEvents {

    /** The audit actions that are updates of a promotion without a phase change, and what each one is. */
    private static final Map<String, Change> CHANGES = Map.of(
            PromotionStarter.REQUESTED, Change.CREATED,
            PromotionReviews.APPROVED, Change.APPROVED,
            RollbackHolds.HELD, Change.HOLD_SET,
            RollbackHolds.RELEASED, Change.HOLD_RELEASED,
            PromotionStarter.WINDOW_OVERRIDDEN, Change.WINDOW_OVERRIDDEN,
            ManifestUpdatedHandler.PULL_REQUEST_OPENED, Change.PULL_REQUEST_OPENED);

    private final DecisionEventRepository events;
    private final FreightRepository freight;
    private final FreightArtifacts artifacts;
    private final EventTracing tracing;

    public DecisionEvents(
            DecisionEventRepository events,
            FreightRepository freight,
            FreightArtifacts artifacts,
            EventTracing tracing) {
        this.events = events;
        this.freight = freight;
        this.artifacts = artifacts;
        this.tracing = tracing;
    }

    /** Stores the freight-created of a Freight just made. */
    Uni<Void> freightCreated(Freight created) {
        List<Artifact> images = artifacts.of(created);
        List<SourceCommit> sources = images.stream()
                .filter(a -> a.sourceRepository() != null && a.sourceCommit() != null)
                .map(a -> new SourceCommit(a.sourceRepository(), null, a.sourceCommit(), a.sourceRef()))
                .distinct()
                .toList();
        FreightCreated event = new FreightCreated(
                created.id,
                created.alias,
                created.pipeline,
                created.warehouse,
                images.stream().map(Artifact::image).toList(),
                created.commit,
                sources,
                created.createdAt.toInstant(),
                artifacts.charts(created),
                artifacts.commits(created));
        return store(EventType.FREIGHT_CREATED, event, created.correlationId, null);
    }

    /**
     * Stores the promotion-updated of what was just recorded about {@code promotion} under {@code action}: a phase
     * change when its phase moved since the last update, otherwise the change the action names (an action that is no
     * update, such as a write's progress, stores nothing).
     */
    Uni<Void> promotionUpdated(Promotion promotion, String action, String actor, String reason) {
        PromotionPhase from = promotion.takeMovedFrom();
        Change change = from == null
                ? CHANGES.get(action)
                : promotion.status == PromotionPhase.REJECTED ? Change.REJECTED : Change.PHASE_CHANGED;
        if (change == null) {
            return Uni.createFrom().voidItem();
        }
        return freight.findById(promotion.freightId).chain(chosen -> {
            PromotionUpdated event = new PromotionUpdated(
                    promotion.id,
                    promotion.pipeline,
                    promotion.stage,
                    promotion.freightId,
                    chosen == null ? null : chosen.alias,
                    chosen == null ? null : chosen.commit,
                    promotion.rollback,
                    change,
                    phase(promotion.status),
                    from == null ? null : phase(from),
                    actor,
                    Reasons.fit(reason),
                    UtcClock.now().toInstant());
            return store(EventType.PROMOTION_UPDATED, event, promotion.correlationId, promotion.traceparent);
        });
    }

    /**
     * Stores {@code data} to be published. It continues the trace current here (the request or record that caused
     * it), else {@code otherwise} (the promotion's own, for a change a timer made), else a new trace: an event keeps
     * one trace however often it is sent.
     */
    private <T extends GitopsFlowEvent> Uni<Void> store(
            EventType<T> type, T data, String correlationId, String otherwise) {
        DecisionEvent event = new DecisionEvent();
        event.id = UUID.randomUUID().toString();
        event.topic = type.topic();
        event.dataJson = new String(EventCodec.encode(data), StandardCharsets.UTF_8);
        event.correlationId = correlationId;
        event.traceparent = tracing.traceparentHere(otherwise, "decide " + type.topic());
        // microseconds, as the database keeps them: the time published again is the time published first
        event.occurredAt = UtcClock.now().truncatedTo(ChronoUnit.MICROS);
        event.published = false;
        return events.persist(event).replaceWithVoid();
    }

    private static PromotionUpdated.Phase phase(PromotionPhase phase) {
        return PromotionUpdated.Phase.valueOf(Objects.requireNonNull(phase).name());
    }
}
