package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/**
 * A written promotion of a stage with a health gate waits until the Argo CD Application is synced to a commit it
 * wrote and Healthy, or fails once the gate's timeout passed. When a target of that Application asks for a sync, each
 * check may request it ({@link GateSyncs}: the earlier requests are counted from, and a new one recorded in, the audit
 * trail). Argo CD is asked outside any transaction; the answer is judged on the promotion as stored then.
 */
@ApplicationScoped
public class HealthGate {

    private final ArgoCdHealth argoCd;
    private final PromotionRepository promotions;
    private final PipelineLookup pipelines;
    private final PromotionTransitions transitions;
    private final AuditService audit;
    private final Transactions transactions;
    private final GateSyncs syncs;

    public HealthGate(
            ArgoCdHealth argoCd,
            PromotionRepository promotions,
            PipelineLookup pipelines,
            PromotionTransitions transitions,
            AuditService audit,
            Transactions transactions,
            GateSyncs syncs) {
        this.argoCd = argoCd;
        this.promotions = promotions;
        this.pipelines = pipelines;
        this.transitions = transitions;
        this.audit = audit;
        this.transactions = transactions;
        this.syncs = syncs;
    }

    /** Written into a stage with a gate: the promotion waits for it, until the gate's timeout. */
    Uni<NextStep> enter(Stage stage, Promotion promotion) {
        Stage.HealthGate gate = stage.healthGate();
        promotion.moveTo(PromotionPhase.HEALTH_CHECK);
        promotion.updatedAt = UtcClock.now();
        promotion.healthDeadline = UtcClock.now().plus(gate.timeout());
        return audit.record(
                        promotion,
                        "health-check",
                        Actor.SERVICE.name(),
                        "waiting for Argo CD Application " + gate.namespace() + "/" + gate.name())
                .replaceWith(NextStep.CHECK_HEALTH);
    }

    /** Asks Argo CD about a promotion waiting on its gate (requesting a sync when wanted), and decides on the answer. */
    Uni<Decision> check(String promotionId) {
        return transactions
                .run(() -> promotions.findById(promotionId).chain(this::waiting))
                .chain(waiting -> {
                    if (waiting == null) {
                        return Uni.createFrom().item(Decision.done());
                    }
                    Stage stage = waiting.stage();
                    if (stage == null) {
                        return Uni.createFrom()
                                .item(new Decision(NextStep.AGAIN, new Answers())); // the lifecycle aborts it
                    }
                    if (stage.healthGate() == null) {
                        return judged(promotionId, stage, null);
                    }
                    return argoCd.check(stage.healthGate(), waiting.commits(), waiting.sync())
                            .chain(reading -> judged(promotionId, stage, reading));
                });
    }

    /** A promotion waiting on its gate: its stage (null: no longer declared), its commits, the sync it may request. */
    private record Waiting(Stage stage, List<String> commits, GateSync sync) {}

    /** The promotion as it waits on its gate, or null when it does not (any more). */
    private Uni<Waiting> waiting(Promotion promotion) {
        if (promotion == null || promotion.status != PromotionPhase.HEALTH_CHECK) {
            return Uni.createFrom().nullItem();
        }
        Stage stage = pipelines.stageOf(promotion).orElse(null);
        if (stage == null || stage.healthGate() == null) {
            return Uni.createFrom().item(new Waiting(stage, List.of(), null));
        }
        List<String> commits = Arrays.asList(promotion.writtenCommits.split(","));
        return syncs.wanted(promotion, stage.healthGate()).map(sync -> new Waiting(stage, commits, sync));
    }

    private Uni<Decision> judged(String promotionId, Stage stage, GateReading reading) {
        return transactions.run(() -> {
            Answers answers = new Answers();
            return promotions
                    .findById(promotionId)
                    .call(fresh -> fresh == null
                            ? Uni.createFrom().voidItem()
                            : syncs.record(fresh, stage.healthGate(), reading))
                    .chain(fresh -> judge(fresh, stage, reading == null ? null : reading.problem(), answers))
                    .map(next -> new Decision(next, answers));
        });
    }

    /** Healthy ({@code problem} null) moves on; unhealthy past the deadline fails; otherwise it waits. */
    private Uni<NextStep> judge(Promotion fresh, Stage stage, String problem, Answers answers) {
        if (fresh == null || fresh.status != PromotionPhase.HEALTH_CHECK) {
            return Uni.createFrom().item(NextStep.DONE);
        }
        if (stage.healthGate() == null) {
            return transitions.healthy(stage, fresh, "the stage no longer declares a health gate", answers);
        }
        if (problem == null) {
            return transitions.healthy(stage, fresh, "Argo CD Application synced and Healthy", answers);
        }
        if (UtcClock.now().isAfter(fresh.healthDeadline)) {
            return transitions
                    .finish(
                            fresh,
                            PromotionPhase.FAILED,
                            Actor.SERVICE.name(),
                            "not healthy within " + stage.healthGate().timeout() + ": " + problem)
                    .replaceWith(NextStep.DONE);
        }
        return Uni.createFrom().item(NextStep.DONE);
    }
}
