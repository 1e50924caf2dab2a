package io.gitopsflow.promotion.service;

import io.gitopsflow.messaging.EventTracing;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PromotionWindow;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Starts a promotion, for a person or for auto-promotion, when the stage is free for it: not frozen (unless
 * overridden), no other promotion running, and the Freight available to the stage. An older Freight than the newest
 * available is a rollback, which holds the stage's auto-promotion.
 */
@ApplicationScoped
public class PromotionStarter {

    /** The audit action of a promotion asked for (by a person or by auto-promotion). */
    static final String REQUESTED = "promotion-requested";
    /** The audit action of a promotion started while a window blocked it. */
    static final String WINDOW_OVERRIDDEN = "window-overridden";

    private final FreightLookup lookup;
    private final FreightAvailability availability;
    private final PromotionRepository promotions;
    private final AuditService audit;
    private final RollbackHolds holds;
    private final EventTracing tracing;

    public PromotionStarter(
            FreightLookup lookup,
            FreightAvailability availability,
            PromotionRepository promotions,
            AuditService audit,
            RollbackHolds holds,
            EventTracing tracing) {
        this.lookup = lookup;
        this.availability = availability;
        this.promotions = promotions;
        this.audit = audit;
        this.holds = holds;
        this.tracing = tracing;
    }

    /**
     * What starts: which Freight (its id or alias), by whom and why, and how; {@code rollbackOf} names the promotion
     * whose failed verification starts this automatic rollback (null for every other promotion).
     */
    record Request(
            String freightRef, Actor actor, String reason, boolean override, boolean automatic, String rollbackOf) {

        Request(String freightRef, Actor actor, String reason, boolean override, boolean automatic) {
            this(freightRef, actor, reason, override, automatic, null);
        }
    }

    /** Starts the promotion inside the caller's transaction; a 404 or 409 with the reason when it cannot. */
    Uni<Promotion> start(Pipeline pipeline, Stage stage, Request request) {
        return start(pipeline, stage, request, null);
    }

    /**
     * Starts auto-promotion's choice, the newest of {@code candidates} (the Freight available to the stage, read and
     * ranked in this transaction), without reading or ranking them again: a pipeline's whole history once per arrival.
     */
    Uni<Promotion> startNewest(Pipeline pipeline, Stage stage, Request request, List<Freight> candidates) {
        return start(pipeline, stage, request, candidates);
    }

    private Uni<Promotion> start(Pipeline pipeline, Stage stage, Request request, List<Freight> rankedCandidates) {
        return lookup.find(pipeline.name(), request.freightRef()).chain(chosen -> {
            String blocked = PromotionWindow.blockedBy(stage.windows(), Instant.now());
            if (blocked != null && !request.override()) {
                throw PromotionException.conflict("stage " + stage.name() + " is frozen: " + blocked
                        + " (promote with overrideWindow to override, which is recorded)");
            }
            return promotions.active(pipeline.name(), stage.name()).chain(active -> {
                if (active != null) {
                    throw PromotionException.conflict("stage " + stage.name() + " already runs promotion " + active.id
                            + " (" + active.status + "): abort it first");
                }
                if (rankedCandidates != null) {
                    return store(pipeline, stage, request, chosen, rankedCandidates, chosen, blocked);
                }
                return availability
                        .available(pipeline, stage)
                        .chain(candidates -> store(
                                pipeline,
                                stage,
                                request,
                                chosen,
                                candidates,
                                availability.newest(pipeline, candidates),
                                blocked));
            });
        });
    }

    private Uni<Promotion> store(
            Pipeline pipeline,
            Stage stage,
            Request request,
            Freight chosen,
            List<Freight> candidates,
            Freight newest,
            String blocked) {
        if (candidates.stream().noneMatch(f -> f.id.equals(chosen.id))) {
            throw PromotionException.conflict("Freight " + chosen.alias + " is not available to stage " + stage.name()
                    + ": it is not verified in " + stage.upstream()
                    + (stage.soak().isZero() ? "" : " for " + stage.soak()));
        }
        Promotion promotion = promotion(pipeline, stage, request, chosen);
        promotion.windowOverride = request.override() && blocked != null;
        promotion.rollbackOf = request.rollbackOf();
        promotion.rollback = request.rollbackOf() != null || !newest.id.equals(chosen.id);
        String actor = request.actor().name();
        return promotions
                .persist(promotion)
                .call(() -> audit.record(
                        promotion,
                        REQUESTED,
                        actor,
                        "Freight " + chosen.alias + (request.reason() == null ? "" : ": " + request.reason())))
                .call(() -> promotion.windowOverride
                        ? audit.record(promotion, WINDOW_OVERRIDDEN, actor, blocked)
                        : Uni.createFrom().voidItem())
                .call(() -> request.automatic()
                        ? Uni.createFrom().voidItem()
                        : holds.started(promotion, promotion.rollback, newest, request.actor()));
    }

    private Promotion promotion(Pipeline pipeline, Stage stage, Request request, Freight chosen) {
        Promotion promotion = new Promotion();
        promotion.id = UUID.randomUUID().toString();
        promotion.pipeline = pipeline.name();
        promotion.stage = stage.name();
        promotion.freightId = chosen.id;
        promotion.status = PromotionPhase.PENDING;
        promotion.requestedBy = request.actor().name();
        promotion.automatic = request.automatic();
        promotion.reason = request.reason();
        promotion.correlationId = chosen.commit;
        // the trace of what decided it: the consumed image-published's, the REST request's, else (a timer's) its own
        promotion.traceparent = tracing.traceparentHere(null, "promote " + stage.name());
        promotion.createdAt = UtcClock.now();
        promotion.updatedAt = promotion.createdAt;
        return promotion;
    }
}
