package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.StageState;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.StageStateRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PromotionWindow;
import io.gitopsflow.spec.pipeline.Stage;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Supplier;

/**
 * Auto-promotion: a stage that promotes automatically takes the newest Freight available to it, unless it is held (a
 * rollback), runs a promotion, runs that Freight or a newer one already, or tried that Freight before (a failed,
 * aborted or rejected try is for a person to repeat). A Freight verified in a stage lets the stages downstream follow.
 */
@ApplicationScoped
public class AutoPromotion {

    private static final String REASON = "auto-promotion of the newest available Freight";

    private final StageStateRepository stages;
    private final PromotionRepository promotions;
    private final FreightAvailability availability;
    private final FreightRanking ranking;
    private final PromotionStarter starter;
    private final PromotionLifecycle lifecycle;
    private final PipelineLookup pipelines;
    private final Transactions transactions;
    private final IdleStages idle;

    public AutoPromotion(
            StageStateRepository stages,
            PromotionRepository promotions,
            FreightAvailability availability,
            FreightRanking ranking,
            PromotionStarter starter,
            PromotionLifecycle lifecycle,
            PipelineLookup pipelines,
            Transactions transactions,
            IdleStages idle) {
        this.stages = stages;
        this.promotions = promotions;
        this.availability = availability;
        this.ranking = ranking;
        this.starter = starter;
        this.lifecycle = lifecycle;
        this.pipelines = pipelines;
        this.transactions = transactions;
        this.idle = idle;
    }

    /** Auto-promotes the pipeline's stages in order (upstream first); one stage's failure does not stop the rest. */
    public Uni<Void> promoteStages(Pipeline pipeline) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Stage stage : pipeline.stages()) {
            chain = chain.chain(() -> promote(pipeline, stage).onFailure().recoverWithItem(failure -> {
                Log.warnf("auto-promotion of %s/%s failed: %s", pipeline.name(), stage.name(), failure.getMessage());
                return null;
            }));
        }
        return chain;
    }

    /** Moves the promotion on; when its stage verified the Freight, the stages downstream may follow. */
    public Uni<Void> advance(String promotionId) {
        return lifecycle
                .advance(promotionId)
                .chain(verified ->
                        verified ? followOf(promotionId) : Uni.createFrom().voidItem());
    }

    private Uni<Void> followOf(String promotionId) {
        return transactions
                .run(() -> promotions.findById(promotionId))
                .chain(promotion -> promotion == null
                        ? Uni.createFrom().voidItem()
                        : pipelines
                                .declared(promotion.pipeline)
                                .map(this::promoteStages)
                                .orElse(Uni.createFrom().voidItem()));
    }

    /** Auto-promotion of one stage: the newest available Freight, unless held, blocked or already tried. */
    private Uni<Void> promote(Pipeline pipeline, Stage stage) {
        if (!stage.autoPromotion() || PromotionWindow.blockedBy(stage.windows(), Instant.now()) != null) {
            return Uni.createFrom().voidItem();
        }
        return transactions
                .run(() -> stages.getOrCreate(pipeline.name(), stage.name()).chain(state -> {
                    if (state.hold) {
                        return Uni.createFrom().<Promotion>nullItem();
                    }
                    return promotions
                            .active(pipeline.name(), stage.name())
                            .chain(active -> active != null
                                    ? Uni.createFrom().<Promotion>nullItem()
                                    : startNewest(pipeline, stage, state));
                }))
                .chain(created -> created == null
                        ? Uni.createFrom().voidItem()
                        : lifecycle.advance(created.id).replaceWithVoid());
    }

    /**
     * Starts the newest available Freight if it moves the stage forward and was never tried there; a stage found with
     * nothing to start on the same candidates and Freight as last time ({@link IdleStages}) is not ranked again.
     */
    private Uni<Promotion> startNewest(Pipeline pipeline, Stage stage, StageState state) {
        return availability.fingerprint(pipeline, stage).chain(fingerprint -> {
            if (idle.unchanged(pipeline, stage, fingerprint, state.freightId)) {
                return Uni.createFrom().<Promotion>nullItem();
            }
            Supplier<Uni<Promotion>> nothing = () -> {
                idle.nothingToStart(pipeline, stage, fingerprint, state.freightId);
                return Uni.createFrom().nullItem();
            };
            return availability
                    .available(pipeline, stage)
                    .chain(candidates -> ranking.current(state, candidates).chain(current -> {
                        if (candidates.isEmpty()) {
                            return nothing.get();
                        }
                        Comparator<Freight> order = ranking.oldestFirst(pipeline, candidates);
                        Freight newest = candidates.stream().max(order).orElseThrow();
                        if (!ranking.forward(pipeline, current, newest, candidates, order)) {
                            return nothing.get();
                        }
                        return promotions
                                .countFor(pipeline.name(), stage.name(), newest.id)
                                .chain(tried -> {
                                    if (tried > 0) {
                                        return nothing.get();
                                    }
                                    idle.forget(pipeline, stage);
                                    return starter.startNewest(pipeline, stage, automatic(newest), candidates);
                                });
                    }));
        });
    }

    private static PromotionStarter.Request automatic(Freight newest) {
        return new PromotionStarter.Request(newest.id, Actor.SERVICE, REASON, false, true);
    }

    /** For the reconcile pass: every stage of every pipeline. */
    Uni<Void> promoteAllStages() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pipeline pipeline : pipelines.all()) {
            chain = chain.chain(() -> promoteStages(pipeline));
        }
        return chain;
    }
}
