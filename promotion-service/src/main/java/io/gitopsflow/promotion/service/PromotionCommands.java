package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.api.PromotionSummary;
import io.gitopsflow.promotion.config.PromotionConfig;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.StageStateRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What people do to promotions, each checked against their roles and recorded: promote a chosen Freight (an older one
 * than the newest is a rollback), abort a running promotion, verify a stage's current Freight again. Approving and
 * rejecting are {@link PromotionReviews}.
 */
@ApplicationScoped
public class PromotionCommands {

    private final PipelineLookup pipelines;
    private final PromotionRepository promotions;
    private final PromotionLookup lookup;
    private final StageStateRepository stages;
    private final PromotionStarter starter;
    private final PromotionTransitions transitions;
    private final RollbackHolds holds;
    private final AutoPromotion auto;
    private final PromotionOutbox outbox;
    private final Transactions transactions;
    private final PromotionConfig config;

    public PromotionCommands(
            PipelineLookup pipelines,
            PromotionRepository promotions,
            PromotionLookup lookup,
            StageStateRepository stages,
            PromotionStarter starter,
            PromotionTransitions transitions,
            RollbackHolds holds,
            AutoPromotion auto,
            PromotionOutbox outbox,
            Transactions transactions,
            PromotionConfig config) {
        this.pipelines = pipelines;
        this.promotions = promotions;
        this.lookup = lookup;
        this.stages = stages;
        this.starter = starter;
        this.transitions = transitions;
        this.holds = holds;
        this.auto = auto;
        this.outbox = outbox;
        this.transactions = transactions;
        this.config = config;
    }

    /**
     * A user promotes a chosen Freight (its id or alias); an older one than the newest available holds
     * auto-promotion. {@code override} lets a holder of the override role promote while a window blocks it.
     */
    public Uni<String> promote(
            String pipelineName, String stageName, String freightRef, Actor actor, String reason, boolean override) {
        Pipeline pipeline = pipelines.pipeline(pipelineName);
        Stage stage = pipelines.stage(pipeline, stageName);
        if (!actor.has(config.promoterRole())) {
            throw PromotionException.forbidden(
                    actor.name() + " does not hold role " + config.promoterRole() + " needed to promote");
        }
        if (override && !actor.has(config.overrideRole())) {
            throw PromotionException.forbidden(
                    actor.name() + " does not hold role " + config.overrideRole() + " needed to override a window");
        }
        PromotionStarter.Request request = new PromotionStarter.Request(freightRef, actor, reason, override, false);
        return transactions
                .run(() -> starter.start(pipeline, stage, request))
                .call(outbox::publishDecisions)
                .call(created -> auto.advance(created.id))
                .map(created -> created.id);
    }

    /** Ends a running promotion as Aborted; a rollback that never ran releases the hold it set. */
    public Uni<String> abort(String promotionId, Actor actor, String reason) {
        requirePromoter(actor);
        return transactions
                .run(() -> lookup.find(promotionId).chain(promotion -> {
                    if (!promotion.active()) {
                        throw PromotionException.conflict(
                                "promotion " + promotion.id + " already ended " + promotion.status);
                    }
                    return transitions
                            .finish(
                                    promotion,
                                    PromotionPhase.ABORTED,
                                    actor.name(),
                                    reason == null ? "aborted" : reason)
                            .call(() -> holds.ended(promotion, actor.name()))
                            .replaceWith(promotion.id);
                }))
                .call(outbox::publishDecisions);
    }

    /** Verifies the stage's current Freight again: its last promotion goes back to Verifying. */
    public Uni<PromotionSummary> reverify(String pipelineName, String stageName, Actor actor, String reason) {
        requirePromoter(actor);
        Stage stage = pipelines.stage(pipelines.pipeline(pipelineName), stageName);
        if (stage.verification().isEmpty()) {
            throw PromotionException.conflict("stage " + stageName + " has no verification to run again");
        }
        return transactions
                .run(() -> {
                    Answers answers = new Answers();
                    return currentPromotion(pipelineName, stageName)
                            .call(promotion -> transitions.reverify(stage, promotion, actor, reason, answers))
                            .map(promotion -> new Reverified(PromotionSummary.of(promotion), answers));
                })
                .call(reverified -> outbox.publishNow(reverified.answers()))
                .map(Reverified::promotion);
    }

    private record Reverified(PromotionSummary promotion, Answers answers) {}

    /** The promotion that wrote what the stage runs, when no other runs now (409 otherwise). */
    private Uni<Promotion> currentPromotion(String pipelineName, String stageName) {
        return stages.getOrCreate(pipelineName, stageName).chain(state -> {
            if (state.promotionId == null) {
                throw PromotionException.conflict("stage " + stageName + " runs no Freight yet");
            }
            return promotions.active(pipelineName, stageName).chain(active -> {
                if (active != null) {
                    throw PromotionException.conflict(
                            "stage " + stageName + " runs promotion " + active.id + " (" + active.status + ")");
                }
                return lookup.find(state.promotionId);
            });
        });
    }

    private void requirePromoter(Actor actor) {
        if (!actor.has(config.promoterRole())) {
            throw PromotionException.forbidden(actor.name() + " does not hold role " + config.promoterRole());
        }
    }
}
