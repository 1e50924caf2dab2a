package io.gitopsflow.promotion.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.promotion.Approval;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.promotion.config.PromotionConfig;
import io.gitopsflow.promotion.repository.ApprovalRepository;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PromotionWindow;
import io.gitopsflow.spec.pipeline.Stage;
import io.gitopsflow.spec.pipeline.StageTarget;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A pending promotion starts writing once it has its approvals and its stage's windows let it: one
 * promotion-requested per GitOps target, stored with the promotion (published by {@link PromotionOutbox} right after
 * the commit, and again until Kafka took it).
 */
@ApplicationScoped
public class WriteRequests {

    private final ApprovalRepository approvals;
    private final FreightRepository freight;
    private final FreightArtifacts artifacts;
    private final PromotionWriteRepository writes;
    private final AuditService audit;
    private final PromotionConfig config;
    private final PromotionTransitions transitions;

    public WriteRequests(
            ApprovalRepository approvals,
            FreightRepository freight,
            FreightArtifacts artifacts,
            PromotionWriteRepository writes,
            AuditService audit,
            PromotionConfig config,
            PromotionTransitions transitions) {
        this.transitions = transitions;
        this.approvals = approvals;
        this.freight = freight;
        this.artifacts = artifacts;
        this.writes = writes;
        this.audit = audit;
        this.config = config;
    }

    /**
     * Stores the requests and moves the promotion to Writing, unless it still waits for approvers (never an automatic
     * rollback) or a window.
     */
    Uni<NextStep> startWhenReady(Pipeline pipeline, Stage stage, Promotion promotion, Answers answers) {
        return approvals.byPromotion(promotion.id).chain(decisions -> {
            long approved = decisions.stream()
                    .filter(a -> Approval.APPROVED.equals(a.decision))
                    .count();
            // an automatic rollback promotes a Freight approved into the stage before: it waits for no approver
            if (approved < stage.approvals().required() && !promotion.automaticRollback()) {
                return Uni.createFrom().item(NextStep.DONE); // waits for approvers
            }
            String blocked = PromotionWindow.blockedBy(stage.windows(), Instant.now());
            if (blocked != null && !promotion.windowOverride) {
                return Uni.createFrom().item(NextStep.DONE); // waits for the window to open
            }
            return freight.findById(promotion.freightId)
                    .chain(chosen -> start(pipeline, stage, promotion, chosen, answers));
        });
    }

    private Uni<NextStep> start(Pipeline pipeline, Stage stage, Promotion promotion, Freight chosen, Answers answers) {
        FreightContent content = chosen == null ? null : FreightContent.of(chosen, artifacts);
        String unwritable = unwritable(stage, promotion, chosen, content);
        if (unwritable != null) {
            // nothing can be written: the promotion is aborted with the reason (as when its stage is no longer
            // declared), never a half-written stage or a 500
            return transitions
                    .finish(promotion, PromotionPhase.ABORTED, Actor.SERVICE.name(), unwritable)
                    .replaceWith(NextStep.DONE);
        }
        // claimed by this instance, which publishes them right after the commit (microseconds, as stored)
        OffsetDateTime claimedUntil = UtcClock.now().plus(config.publishLease()).truncatedTo(ChronoUnit.MICROS);
        Uni<Void> persisted = Uni.createFrom().voidItem();
        for (int i = 0; i < stage.targets().size(); i++) {
            PromotionWrite write = write(request(pipeline, stage, promotion, chosen, content, i), i);
            write.publishClaimedUntil = claimedUntil;
            answers.request(write.requestId);
            persisted = persisted.chain(() -> writes.persist(write).replaceWithVoid());
        }
        promotion.moveTo(PromotionPhase.WRITING);
        promotion.updatedAt = UtcClock.now();
        return persisted
                .chain(() -> audit.record(
                        promotion,
                        "writing",
                        Actor.SERVICE.name(),
                        stage.targets().size() + " GitOps target(s) requested"))
                .replaceWith(NextStep.DONE);
    }

    /**
     * Why the stage's targets cannot all be written with {@code chosen}, or null when they can: the Freight is gone, or
     * a target writes an artifact the Freight does not hold (the pipeline file changed since it was made).
     */
    private static String unwritable(Stage stage, Promotion promotion, Freight chosen, FreightContent content) {
        if (chosen == null) {
            return "Freight " + promotion.freightId + " is not known any more";
        }
        for (StageTarget target : stage.targets()) {
            if (!content.holds(target)) {
                return "Freight " + (chosen.alias == null ? chosen.id : chosen.alias) + " has no "
                        + FreightContent.what(target) + ", which stage " + stage.name() + " writes to "
                        + target.target().path() + ": promote a Freight made since the pipeline changed";
            }
        }
        return null;
    }

    /** The request of the stage's {@code index}th target: its request id is gitops-writer's idempotency key. */
    private static PromotionRequested request(
            Pipeline pipeline, Stage stage, Promotion promotion, Freight chosen, FreightContent content, int index) {
        StageTarget target = stage.targets().get(index);
        return new PromotionRequested(
                promotion.id + "-" + index,
                promotion.id,
                pipeline.name(),
                stage.name(),
                chosen.id,
                chosen.alias,
                content.image(target),
                chosen.commit,
                target.target(),
                promotion.requestedBy,
                Instant.now(),
                content.chart(target),
                content.commit(target));
    }

    private static PromotionWrite write(PromotionRequested request, int index) {
        PromotionWrite write = new PromotionWrite();
        write.requestId = request.requestId();
        write.promotionId = request.promotionId();
        write.targetIndex = index;
        write.requestJson = StoredRequests.encode(request);
        write.status = PromotionWrite.Status.REQUESTED;
        return write;
    }
}
