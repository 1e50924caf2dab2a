package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.FreightVerification;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.VerificationRepository;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PromotionWindow;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * A failed verification fails the promotion; in a stage with {@code onVerificationFailure: rollback} it also promotes
 * the Freight the stage ran verified before, in the same transaction (so a redelivered verdict, already answered,
 * starts nothing). The rollback holds auto-promotion as any rollback does and waits for no approver (that Freight was
 * approved into the stage before). It does not start when the failed promotion is itself an automatic rollback (no
 * loop), when the stage has no earlier verified Freight, or while a window blocks promotions unless the stage lets
 * rollbacks through; the failure's reason says which.
 */
@ApplicationScoped
public class AutomaticRollback {

    /** The audit action, on the failed promotion, of the rollback it started. */
    static final String STARTED = "automatic-rollback";

    private final PipelineLookup pipelines;
    private final PromotionRepository promotions;
    private final VerificationRepository verifications;
    private final FreightAvailability availability;
    private final PromotionStarter starter;
    private final WriteRequests writeRequests;
    private final PromotionTransitions transitions;
    private final AuditService audit;

    public AutomaticRollback(
            PipelineLookup pipelines,
            PromotionRepository promotions,
            VerificationRepository verifications,
            FreightAvailability availability,
            PromotionStarter starter,
            WriteRequests writeRequests,
            PromotionTransitions transitions,
            AuditService audit) {
        this.pipelines = pipelines;
        this.promotions = promotions;
        this.verifications = verifications;
        this.availability = availability;
        this.starter = starter;
        this.writeRequests = writeRequests;
        this.transitions = transitions;
        this.audit = audit;
    }

    /**
     * The analysis run {@code runId} failed {@code failed}'s verification: the promotion fails with {@code reason},
     * and the stage rolls back when it says so and may; the rollback's requests go to {@code answers}.
     */
    Uni<Void> verificationFailed(Promotion failed, String runId, String reason, Answers answers) {
        Optional<Pipeline> pipeline = pipelines.declared(failed.pipeline);
        Optional<Stage> stage = pipeline.flatMap(p -> p.stage(failed.stage));
        if (stage.isEmpty() || !stage.get().rollsBackOnVerificationFailure()) {
            return transitions.failedVerification(failed, reason);
        }
        if (failed.automaticRollback()) {
            return transitions.failedVerification(
                    failed,
                    reason + "; this automatic rollback (of promotion " + failed.rollbackOf
                            + ") is not rolled back again: a person decides what the stage runs");
        }
        String blocked = PromotionWindow.blockedBy(stage.get().windows(), Instant.now());
        if (blocked != null && !stage.get().rollbackThroughWindows()) {
            return transitions.failedVerification(
                    failed,
                    reason + "; rollback blocked by window: " + blocked
                            + " (the stage does not let rollbacks through windows)");
        }
        return verifications
                .lastVerifiedOtherThan(failed.pipeline, failed.stage, failed.freightId)
                .chain(previous -> previous == null
                        ? transitions.failedVerification(
                                failed, reason + "; no earlier verified Freight in the stage to roll back to")
                        : rollBack(pipeline.get(), stage.get(), failed, previous, runId, reason, blocked, answers));
    }

    private Uni<Void> rollBack(
            Pipeline pipeline,
            Stage stage,
            Promotion failed,
            FreightVerification previous,
            String runId,
            String reason,
            String blocked,
            Answers answers) {
        return availability.available(pipeline, stage).chain(candidates -> {
            Freight chosen = candidates.stream()
                    .filter(f -> f.id.equals(previous.freightId))
                    .findFirst()
                    .orElse(null);
            if (chosen == null) {
                return transitions.failedVerification(
                        failed,
                        reason + "; Freight " + previous.freightId + ", verified here before, is no longer available"
                                + " to the stage: not rolled back");
            }
            PromotionStarter.Request request = new PromotionStarter.Request(
                    chosen.id,
                    Actor.SERVICE,
                    "automatic rollback: analysis run " + runId + " failed promotion " + failed.id,
                    blocked != null,
                    false,
                    failed.id);
            return transitions
                    .failedVerification(failed, reason + "; rolling back to Freight " + chosen.alias)
                    // the failed promotion leaves the stage's one active slot before the rollback takes it
                    .call(promotions::flush)
                    .chain(() -> starter.start(pipeline, stage, request))
                    .call(rollback -> writeRequests.startWhenReady(pipeline, stage, rollback, answers))
                    .chain(rollback -> audit.record(
                            failed,
                            STARTED,
                            Actor.SERVICE.name(),
                            "promotion " + rollback.id + " rolls back to Freight " + chosen.alias
                                    + ", verified here before, after analysis run " + runId + " failed"));
        });
    }
}
