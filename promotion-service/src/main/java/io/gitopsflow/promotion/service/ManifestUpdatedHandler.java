package io.gitopsflow.promotion.service;

import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * gitops-writer's answer to one promotion-requested: written (or nothing to change), a pull request opened (written
 * once merged, see {@link CommitPushedHandler}), or failed, which fails the promotion. Answers to requests of other
 * services, redeliveries and answers to promotions that moved on are ignored.
 */
@ApplicationScoped
public class ManifestUpdatedHandler {

    /** The audit action of a write that opened a pull request. */
    static final String PULL_REQUEST_OPENED = "pull-request-opened";

    private final PromotionWriteRepository writes;
    private final PromotionRepository promotions;
    private final PromotionTransitions transitions;
    private final AuditService audit;
    private final AutoPromotion auto;
    private final Transactions transactions;

    public ManifestUpdatedHandler(
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

    public Uni<Void> onManifestUpdated(EventEnvelope<ManifestUpdated> event) {
        ManifestUpdated answer = event.data();
        return transactions
                .run(() -> writes.findById(answer.requestId()).chain(write -> {
                    if (write == null) {
                        Log.infof("manifest-updated for unknown request %s: not ours, ignored", answer.requestId());
                        return Uni.createFrom().item(false);
                    }
                    return promotions.findById(write.promotionId).chain(promotion -> {
                        if (promotion == null
                                || promotion.status != PromotionPhase.WRITING
                                || write.status == PromotionWrite.Status.WRITTEN) {
                            return Uni.createFrom().item(false); // a redelivery, or the promotion moved on
                        }
                        return record(promotion, write, answer);
                    });
                }))
                .onFailure(ContentErrors::isRefusedContent)
                .transform(ContentErrors::terminal)
                .chain(written -> written
                        ? auto.advance(answer.promotionId())
                        : Uni.createFrom().voidItem());
    }

    /** Stores the answer on its write; true when the promotion is now written. */
    private Uni<Boolean> record(Promotion promotion, PromotionWrite write, ManifestUpdated answer) {
        return switch (answer.status()) {
            case COMMITTED, NO_CHANGE -> {
                write.status = PromotionWrite.Status.WRITTEN;
                write.commit = answer.commit();
                yield transitions.written(promotion);
            }
            case PR_OPENED -> {
                write.status = PromotionWrite.Status.PR_OPENED;
                write.commit = answer.commit();
                write.reason = Reasons.fit(answer.pullRequestUrl());
                yield audit.record(promotion, PULL_REQUEST_OPENED, Actor.SERVICE.name(), answer.pullRequestUrl())
                        .replaceWith(false);
            }
            case FAILED -> {
                write.status = PromotionWrite.Status.FAILED;
                write.reason = Reasons.fit(answer.reason());
                yield transitions
                        .finish(
                                promotion,
                                PromotionPhase.FAILED,
                                Actor.SERVICE.name(),
                                "gitops-writer could not write "
                                        + answer.target().path() + ": " + answer.reason())
                        .replaceWith(false);
            }
        };
    }
}
