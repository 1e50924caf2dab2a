package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs what no event triggers: auto-promotion once soak time passed or a window opened, health gates, and
 * publishing again what Kafka did not take. Every instance runs it; the stored state decides, so they agree.
 */
@ApplicationScoped
public class Reconciler {

    private final PromotionRepository promotions;
    private final PromotionOutbox outbox;
    private final AutoPromotion auto;
    private final Transactions transactions;

    public Reconciler(
            PromotionRepository promotions, PromotionOutbox outbox, AutoPromotion auto, Transactions transactions) {
        this.promotions = promotions;
        this.outbox = outbox;
        this.auto = auto;
        this.transactions = transactions;
    }

    @Scheduled(
            every = "${gitops-flow.promotion.reconcile-interval:5s}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcile() {
        return reconcileAll().onFailure().recoverWithItem(failure -> {
            Log.warnf(failure, "reconciliation failed, next pass retries: %s", failure.getMessage());
            return null;
        });
    }

    /**
     * One pass over everything: every active promotion moves on, what Kafka did not take is published again, stages
     * auto-promote.
     */
    public Uni<Void> reconcileAll() {
        return transactions
                .run(promotions::allActive)
                .chain(active -> {
                    Uni<Void> each = Uni.createFrom().voidItem();
                    for (Promotion promotion : active) {
                        each = each.chain(() -> auto.advance(promotion.id)
                                .onFailure()
                                .recoverWithItem(failure -> {
                                    Log.warnf("promotion %s could not advance: %s", promotion.id, failure.getMessage());
                                    return null;
                                }));
                    }
                    return each;
                })
                .chain(outbox::republish)
                .chain(auto::promoteAllStages);
    }
}
