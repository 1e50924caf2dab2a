package io.gitopsflow.promotion.service;

import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxRelay;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.config.PromotionConfig;
import io.gitopsflow.promotion.messaging.DecisionPublisher;
import io.gitopsflow.promotion.messaging.PromotionPublisher;
import io.gitopsflow.promotion.repository.OutboxTables;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Set;

/**
 * What promotions owe Kafka — a promotion-requested per write while a promotion writes, a stage-promoted once written
 * and healthy, the events of every decision (freight-created, promotion-updated) — published through the shared
 * outbox: right after the decision that stored it, by the instance that made it, and on every reconcile pass whatever
 * Kafka did not take (another instance takes over a claim that ran out).
 */
@ApplicationScoped
public class PromotionOutbox {

    /** How many stored events one pass publishes at most. */
    private static final int BATCH = 200;

    private final OutboxRelay requests;
    private final OutboxRelay stagePromotions;
    private final OutboxRelay decisions;
    private final Outbox decisionRows;
    private final Duration lease;
    private final PromotionRepository promotions;
    private final PipelineLookup pipelines;
    private final StagePromotedEvents events;
    private final Transactions transactions;

    public PromotionOutbox(
            @Named(OutboxTables.PROMOTION_REQUESTED) Outbox requests,
            @Named(OutboxTables.STAGE_PROMOTED) Outbox stagePromotions,
            @Named(OutboxTables.DECISION_EVENTS) Outbox decisions,
            PromotionPublisher publisher,
            DecisionPublisher decisionPublisher,
            PromotionRepository promotions,
            PipelineLookup pipelines,
            StagePromotedEvents events,
            Transactions transactions,
            PromotionConfig config) {
        this.requests = new OutboxRelay(requests, publisher::publishRequests, BATCH, config.publishLease());
        this.stagePromotions =
                new OutboxRelay(stagePromotions, publisher::publishStagePromoted, BATCH, config.publishLease());
        this.decisions = new OutboxRelay(decisions, decisionPublisher::publish, BATCH, config.publishLease());
        this.decisionRows = decisions;
        this.lease = config.publishLease();
        this.promotions = promotions;
        this.pipelines = pipelines;
        this.events = events;
        this.transactions = transactions;
    }

    /** Publishes what one decision stored, once its transaction committed; never fails the caller. */
    Uni<Void> publishNow(Answers answers) {
        return requests.publishNow(answers.requests())
                .chain(() -> stagePromotions.publishNow(answers.stagePromoted()))
                .chain(this::publishDecisions);
    }

    /**
     * Publishes the decision events stored and not yet published (stored unclaimed, so the instance that publishes
     * first takes them, oldest first); called once a decision committed. Never fails the caller: what is left is
     * published on a later call or the next reconcile pass.
     */
    public Uni<Void> publishDecisions() {
        return decisionRows
                .due(BATCH, lease)
                .chain(decisions::publishNow)
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf("decision events are not published yet (sent again later): %s", failure.getMessage());
                    return null;
                });
    }

    /** The reconcile pass's safety net: everything stored and not acknowledged, whose claim ran out. */
    public Uni<Void> republish() {
        return fillInStagePromoted()
                .chain(() -> requests.republish(Set.of()))
                .chain(() -> stagePromotions.republish(Set.of()))
                .chain(() -> decisions.republish(Set.of()))
                .replaceWithVoid();
    }

    /** A stage-promoted owed before events were stored with the state gets its event now. */
    private Uni<Void> fillInStagePromoted() {
        return transactions.run(() -> promotions.stagePromotedWithoutEvent().chain(owing -> {
            Uni<Void> each = Uni.createFrom().voidItem();
            for (Promotion promotion : owing) {
                each = each.chain(() -> pipelines
                        .stageOf(promotion)
                        .map(stage -> events.fillIn(stage, promotion))
                        .orElseGet(() -> {
                            Log.infof("promotion %s owes a stage-promoted of a stage no longer declared", promotion.id);
                            return Uni.createFrom().voidItem();
                        }));
            }
            return each;
        }));
    }
}
