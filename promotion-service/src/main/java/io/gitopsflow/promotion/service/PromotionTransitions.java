package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.FreightVerification;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.promotion.repository.StageStateRepository;
import io.gitopsflow.promotion.repository.VerificationRepository;
import io.gitopsflow.spec.pipeline.Stage;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The changes of a promotion's phase and what each one changes with it (the stage's current Freight, the Freight's
 * verification, the audit trail), inside the caller's transaction. Which change may follow which is
 * {@link PromotionPhase}'s to say.
 */
@ApplicationScoped
public class PromotionTransitions {

    private final PromotionWriteRepository writes;
    private final StageStateRepository stages;
    private final VerificationRepository verifications;
    private final AuditService audit;
    private final StagePromotedEvents stagePromoted;

    public PromotionTransitions(
            PromotionWriteRepository writes,
            StageStateRepository stages,
            VerificationRepository verifications,
            AuditService audit,
            StagePromotedEvents stagePromoted) {
        this.writes = writes;
        this.stages = stages;
        this.verifications = verifications;
        this.audit = audit;
        this.stagePromoted = stagePromoted;
    }

    /** Moves the promotion to {@code phase}, with why: logged and audited (the phase, in lower case, is the action). */
    public Uni<Void> finish(Promotion promotion, PromotionPhase phase, String actor, String reason) {
        PromotionPhase from = promotion.status;
        promotion.moveTo(phase);
        promotion.reason = Reasons.fit(reason);
        promotion.updatedAt = UtcClock.now();
        Log.infof(
                "promotion %s of %s/%s: %s → %s (%s)",
                promotion.id, promotion.pipeline, promotion.stage, from, phase, reason);
        return audit.record(promotion, phase.name().toLowerCase(Locale.ROOT), actor, reason);
    }

    /** When every write of the promotion is done, the stage runs its Freight: true when it is so now. */
    public Uni<Boolean> written(Promotion promotion) {
        return writes.byPromotion(promotion.id).chain(all -> {
            if (!all.stream().allMatch(w -> w.status == PromotionWrite.Status.WRITTEN)) {
                return Uni.createFrom().item(false);
            }
            promotion.moveTo(PromotionPhase.WRITTEN);
            promotion.writtenCommits =
                    all.stream().map(w -> w.commit).distinct().collect(Collectors.joining(","));
            promotion.updatedAt = UtcClock.now();
            return stages.getOrCreate(promotion.pipeline, promotion.stage)
                    .invoke(state -> {
                        state.freightId = promotion.freightId;
                        state.promotionId = promotion.id;
                        state.updatedAt = UtcClock.now();
                    })
                    .chain(() -> audit.record(
                            promotion, "written", Actor.SERVICE.name(), "commits " + promotion.writtenCommits))
                    .replaceWith(true);
        });
    }

    /**
     * Written and healthy: the stage is promoted (a stage-promoted is owed), and verification starts, or, without
     * verification, the Freight is verified.
     */
    Uni<NextStep> healthy(Stage stage, Promotion promotion, String why, Answers answers) {
        promotion.updatedAt = UtcClock.now();
        if (stage.verification().isEmpty()) {
            // published as well, for whoever follows the stage, but nothing waits for an answer
            return verified(promotion, why + "; the stage has no verification")
                    .chain(() -> stagePromoted.owe(stage, promotion))
                    .invoke(id -> answers.stagePromoted(id))
                    .replaceWith(NextStep.VERIFIED);
        }
        promotion.moveTo(PromotionPhase.VERIFYING);
        return stagePromoted
                .owe(stage, promotion)
                .invoke(id -> answers.stagePromoted(id))
                .chain(() -> audit.record(promotion, "verifying", Actor.SERVICE.name(), why))
                .replaceWith(NextStep.DONE);
    }

    /** The Freight is verified in the promotion's stage: available downstream (after their soak time). */
    public Uni<Void> verified(Promotion promotion, String reason) {
        String key = VerificationRepository.key(promotion.freightId, promotion.pipeline, promotion.stage);
        return verifications
                .findById(key)
                .chain(existing -> {
                    if (existing != null) {
                        existing.verifiedAt = UtcClock.now();
                        existing.promotionId = promotion.id;
                        return Uni.createFrom().voidItem();
                    }
                    FreightVerification verification = new FreightVerification();
                    verification.id = key;
                    verification.freightId = promotion.freightId;
                    verification.pipeline = promotion.pipeline;
                    verification.stage = promotion.stage;
                    verification.promotionId = promotion.id;
                    verification.verifiedAt = UtcClock.now();
                    return verifications.persist(verification).replaceWithVoid();
                })
                .chain(() -> finish(promotion, PromotionPhase.SUCCEEDED, Actor.SERVICE.name(), reason));
    }

    /** The analysis failed: the Freight is no longer verified in the stage, and the promotion failed. */
    public Uni<Void> failedVerification(Promotion promotion, String reason) {
        return verifications
                .deleteById(VerificationRepository.key(promotion.freightId, promotion.pipeline, promotion.stage))
                .chain(() -> finish(promotion, PromotionPhase.FAILED, Actor.SERVICE.name(), reason));
    }

    /** The stage's current promotion verifies again: back to Verifying, and a new stage-promoted is owed. */
    Uni<Void> reverify(Stage stage, Promotion promotion, Actor actor, String reason, Answers answers) {
        promotion.moveTo(PromotionPhase.VERIFYING);
        promotion.updatedAt = UtcClock.now();
        return stagePromoted
                .owe(stage, promotion)
                .invoke(id -> answers.stagePromoted(id))
                .chain(() -> audit.record(promotion, "reverify", actor.name(), reason));
    }
}
