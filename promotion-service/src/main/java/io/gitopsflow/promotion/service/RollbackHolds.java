package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.StageState;
import io.gitopsflow.promotion.repository.StageStateRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A rollback holds a stage's auto-promotion, so the older Freight a person chose is not replaced at the next pass.
 * The hold ends when the newest Freight is promoted again, or when the rollback that set it ends aborted or rejected
 * before the stage ran it (it never took effect); each change is in the audit trail.
 */
@ApplicationScoped
public class RollbackHolds {

    /** The audit action of a hold set on a stage's auto-promotion. */
    static final String HELD = "auto-promotion-held";
    /** The audit action of a hold released. */
    static final String RELEASED = "auto-promotion-released";

    private final StageStateRepository stages;
    private final AuditService audit;

    public RollbackHolds(StageStateRepository stages, AuditService audit) {
        this.stages = stages;
        this.audit = audit;
    }

    /** A person's promotion starts: a rollback holds auto-promotion, promoting the newest releases the hold. */
    Uni<Void> started(Promotion promotion, boolean rollback, Freight newest, Actor actor) {
        return stages.getOrCreate(promotion.pipeline, promotion.stage).chain(state -> {
            if (rollback && !state.hold) {
                state.hold = true;
                state.holdPromotionId = promotion.id;
                state.holdReason = "rollback by " + actor.name() + " (promotion " + promotion.id + "); promote "
                        + newest.alias + " (the newest) to release";
                state.updatedAt = now();
                return audit.record(promotion, HELD, actor.name(), state.holdReason);
            }
            if (!rollback && state.hold) {
                release(state);
                return audit.record(promotion, RELEASED, actor.name(), "the newest Freight is promoted");
            }
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * A promotion ended aborted or rejected: if it is the rollback that set the stage's hold and the stage does not
     * run it, the hold is released. A hold another rollback set, or a rollback already written, keeps holding.
     */
    Uni<Void> ended(Promotion promotion, String actor) {
        if (!promotion.rollback) {
            return Uni.createFrom().voidItem();
        }
        return stages.findById(StageState.key(promotion.pipeline, promotion.stage))
                .chain(state -> {
                    if (state == null || !state.hold || !promotion.id.equals(state.holdPromotionId)) {
                        return Uni.createFrom().voidItem();
                    }
                    if (promotion.id.equals(state.promotionId)) {
                        Log.infof(
                                "rollback %s ended %s after the stage ran it: %s/%s stays held",
                                promotion.id, promotion.status, promotion.pipeline, promotion.stage);
                        return Uni.createFrom().voidItem();
                    }
                    release(state);
                    return audit.record(
                            promotion,
                            RELEASED,
                            actor,
                            "rollback " + promotion.id + " ended " + promotion.status
                                    + " before the stage ran it: auto-promotion resumes");
                });
    }

    private static void release(StageState state) {
        state.hold = false;
        state.holdReason = null;
        state.holdPromotionId = null;
        state.updatedAt = now();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
