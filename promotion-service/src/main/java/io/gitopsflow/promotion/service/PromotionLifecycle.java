package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Moves one promotion on, as far as its stored state allows: Pending → Writing → Written → HealthCheck → Verifying →
 * Succeeded / Failed / Aborted, or Pending → Rejected by a reviewer (see {@link PromotionPhase}). Every decision is
 * made in one transaction on the stored state (optimistic locking, one active promotion per stage by a unique
 * index), so several instances agree; what the decision owes Kafka is stored with it and published once it is
 * committed ({@link PromotionOutbox}).
 */
@ApplicationScoped
public class PromotionLifecycle {

    private final PromotionRepository promotions;
    private final PipelineLookup pipelines;
    private final WriteRequests writeRequests;
    private final HealthGate healthGate;
    private final PromotionTransitions transitions;
    private final PromotionOutbox outbox;
    private final Transactions transactions;

    public PromotionLifecycle(
            PromotionRepository promotions,
            PipelineLookup pipelines,
            WriteRequests writeRequests,
            HealthGate healthGate,
            PromotionTransitions transitions,
            PromotionOutbox outbox,
            Transactions transactions) {
        this.promotions = promotions;
        this.pipelines = pipelines;
        this.writeRequests = writeRequests;
        this.healthGate = healthGate;
        this.transitions = transitions;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /**
     * Moves the promotion on and publishes what it owes; true when its stage verified the Freight (the stages
     * downstream may auto-promote it now).
     */
    public Uni<Boolean> advance(String promotionId) {
        return transactions
                .run(() -> {
                    Answers answers = new Answers();
                    return promotions
                            .findById(promotionId)
                            .chain(promotion -> step(promotion, answers))
                            .map(next -> new Decision(next, answers));
                })
                .call(decision -> outbox.publishNow(decision.answers()))
                .chain(decision -> decision.next() == NextStep.CHECK_HEALTH
                        ? healthGate.check(promotionId).call(checked -> outbox.publishNow(checked.answers()))
                        : Uni.createFrom().item(decision))
                .chain(decision -> decision.next() == NextStep.AGAIN
                        ? advance(promotionId)
                        : Uni.createFrom().item(decision.next() == NextStep.VERIFIED));
    }

    private Uni<NextStep> step(Promotion promotion, Answers answers) {
        if (promotion == null) {
            return Uni.createFrom().item(NextStep.DONE);
        }
        Optional<Pipeline> pipeline = pipelines.declared(promotion.pipeline);
        Optional<Stage> stage = pipeline.flatMap(p -> p.stage(promotion.stage));
        if (stage.isEmpty()) {
            if (promotion.active()) {
                return transitions
                        .finish(
                                promotion,
                                PromotionPhase.ABORTED,
                                Actor.SERVICE.name(),
                                "the stage is no longer declared")
                        .replaceWith(NextStep.DONE);
            }
            return Uni.createFrom().item(NextStep.DONE);
        }
        return switch (promotion.status) {
            case PENDING -> writeRequests.startWhenReady(pipeline.get(), stage.get(), promotion, answers);
            case WRITTEN ->
                stage.get().healthGate() != null
                        ? healthGate.enter(stage.get(), promotion)
                        : transitions.healthy(stage.get(), promotion, "no health gate", answers);
            case HEALTH_CHECK -> Uni.createFrom().item(NextStep.CHECK_HEALTH);
            case WRITING, VERIFYING, SUCCEEDED, FAILED, ABORTED, REJECTED ->
                Uni.createFrom().item(NextStep.DONE);
        };
    }
}
