package io.gitopsflow.promotion.service;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.git.CommitTrailers;
import io.gitopsflow.events.git.RepositoryUrls;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * In pull-request mode a write is done when its merge commit reaches the branch: a push to the target's repository
 * and branch whose commits carry the promotion's {@code Promotion-Id:} trailer, or the pull request's own commit.
 * Every other push is not ours and changes nothing.
 */
@ApplicationScoped
public class CommitPushedHandler {

    private final PromotionWriteRepository writes;
    private final PromotionRepository promotions;
    private final PromotionTransitions transitions;
    private final AuditService audit;
    private final AutoPromotion auto;
    private final Transactions transactions;

    public CommitPushedHandler(
            PromotionWriteRepository writes,
            PromotionRepository promotions,
            PromotionTransitions transitions,
            AuditService audit,
            AutoPromotion auto,
            Transactions transactions) {
        this.writes = writes;
        this.promotions = promotions;
        this.transitions = transitions;
        this.audit = audit;
        this.auto = auto;
        this.transactions = transactions;
    }

    public Uni<Void> onCommitPushed(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        if (push.refType() != CommitPushed.RefType.BRANCH) {
            return Uni.createFrom().voidItem();
        }
        return transactions
                .run(() -> writes.awaitingMerge().chain(candidates -> {
                    List<String> merged = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (PromotionWrite write : candidates) {
                        if (merges(push, write)) {
                            merged.add(write.promotionId);
                            chain = chain.chain(() -> merged(push, write));
                        }
                    }
                    return chain.replaceWith(merged);
                }))
                .onFailure(ContentErrors::isRefusedContent)
                .transform(ContentErrors::terminal)
                .chain(merged -> {
                    Uni<Void> each = Uni.createFrom().voidItem();
                    for (String promotionId : merged.stream().distinct().toList()) {
                        each = each.chain(() -> auto.advance(promotionId));
                    }
                    return each;
                });
    }

    /** Whether the push brings the write's pull request onto its target branch. */
    private static boolean merges(CommitPushed push, PromotionWrite write) {
        PromotionRequested request = StoredRequests.of(write);
        GitOpsTarget target = request.target();
        return target.writeMode() == GitOpsTarget.WriteMode.PULL_REQUEST
                && RepositoryUrls.sameRepository(
                        target.repositoryUrl(), push.repository().cloneUrl())
                && target.branch().equals(push.refName())
                && push.commits().stream()
                        .anyMatch(c ->
                                CommitTrailers.carries(c.message(), CommitTrailers.PROMOTION_ID, request.promotionId())
                                        || (write.commit != null && c.id().equals(write.commit)));
    }

    /** The write is done with the merge commit; the promotion is written when it was its last. */
    private Uni<Void> merged(CommitPushed push, PromotionWrite write) {
        return promotions.findById(write.promotionId).chain(promotion -> {
            if (promotion == null || promotion.status != PromotionPhase.WRITING) {
                return Uni.createFrom().voidItem();
            }
            write.status = PromotionWrite.Status.WRITTEN;
            write.commit = push.after();
            return audit.record(
                            promotion,
                            "pull-request-merged",
                            Actor.SERVICE.name(),
                            "merge commit " + push.after() + " on " + push.refName())
                    .chain(() -> transitions.written(promotion))
                    .replaceWithVoid();
        });
    }
}
