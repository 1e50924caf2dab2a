package io.gitopsflow.promotion.service;

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

    private final PromotionService promotions;

    public Reconciler(PromotionService promotions) {
        this.promotions = promotions;
    }

    @Scheduled(
            every = "${gitops-flow.promotion.reconcile-interval:5s}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcile() {
        return promotions.reconcileAll().onFailure().recoverWithItem(failure -> {
            Log.warnf(failure, "reconciliation failed, next pass retries: %s", failure.getMessage());
            return null;
        });
    }
}
