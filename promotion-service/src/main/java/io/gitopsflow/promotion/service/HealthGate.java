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
 * wrote and Healthy, or fails once the gate's timeout passed. Argo CD is asked outside any transaction; the answer is
 * judged on the promotion as stored then.
 */
@ApplicationScoped
public class HealthGate {

    private final ArgoCdHealth argoCd;
    private final PromotionRepository promotions;
    private final PipelineLookup pipelines;
    private final PromotionTransitions transitions;
    private final AuditService audit;
    private final Transactions transactions;

    public HealthGate(
            ArgoCdHealth argoCd,
            PromotionRepository promotions,
            PipelineLookup pipelines,
            PromotionTransitions transitions,
            AuditService audit,
            Transactions transactions) {
        this.argoCd = argoCd;
        this.promotions = promotions;
        this.pipelines = pipelines;
        this.transitions = transitions;
        this.audit = audit;
        this.transactions = transactions;
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

    /** Asks Argo CD about a promotion waiting on its gate, and decides on the answer. */
    Uni<Decision> check(String promotionId) {
        return transactions.run(() -> promotions.findById(promotionId)).chain(promotion -> {
            if (promotion == null || promotion.status != PromotionPhase.HEALTH_CHECK) {
                return Uni.createFrom().item(Decision.done());
            }
            Stage stage = pipelines.stageOf(promotion).orElse(null);
            if (stage == null) {
                return Uni.createFrom().item(new Decision(NextStep.AGAIN, new Answers())); // the lifecycle aborts it
            }
            if (stage.healthGate() == null) {
                return judged(promotionId, stage, null);
            }
            List<String> commits = Arrays.asList(promotion.writtenCommits.split(","));
            return argoCd.check(stage.healthGate(), commits).chain(problem -> judged(promotionId, stage, problem));
        });
    }

    private Uni<Decision> judged(String promotionId, Stage stage, String problem) {
        return transactions.run(() -> {
            Answers answers = new Answers();
            return judge(promotionId, stage, problem, answers).map(next -> new Decision(next, answers));
        });
    }

    /** Healthy ({@code problem} null) moves on; unhealthy past the deadline fails; otherwise it waits. */
    private Uni<NextStep> judge(String promotionId, Stage stage, String problem, Answers answers) {
        return promotions.findById(promotionId).chain(fresh -> {
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
        });
    }
}
