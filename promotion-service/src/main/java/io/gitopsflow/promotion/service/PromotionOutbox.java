package io.gitopsflow.promotion.service;

import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.promotion.config.PromotionConfig;
import io.gitopsflow.promotion.messaging.PromotionPublisher;
import io.gitopsflow.promotion.pipeline.Stage;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Publishes what a promotion owes Kafka — its promotion-requested while it writes, its stage-promoted once written
 * and healthy — until Kafka acknowledged it. Each is claimed first (a lease on its row, taken under optimistic
 * locking), so of several instances only one publishes it; a claim whose holder died runs out and the next pass
 * publishes again.
 */
@ApplicationScoped
public class PromotionOutbox {

    private final PromotionRepository promotions;
    private final PromotionWriteRepository writes;
    private final FreightRepository freight;
    private final FreightArtifacts artifacts;
    private final PipelineLookup pipelines;
    private final PromotionPublisher publisher;
    private final Transactions transactions;
    private final PromotionConfig config;

    public PromotionOutbox(
            PromotionRepository promotions,
            PromotionWriteRepository writes,
            FreightRepository freight,
            FreightArtifacts artifacts,
            PipelineLookup pipelines,
            PromotionPublisher publisher,
            Transactions transactions,
            PromotionConfig config) {
        this.promotions = promotions;
        this.writes = writes;
        this.freight = freight;
        this.artifacts = artifacts;
        this.pipelines = pipelines;
        this.publisher = publisher;
        this.transactions = transactions;
        this.config = config;
    }

    /** Publishes the promotion's requests and its stage-promoted that nobody else is publishing now. */
    public Uni<Void> publishOutstanding(String promotionId) {
        return transactions.run(() -> claim(promotionId)).chain(claimed -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            Promotion promotion = claimed.promotion();
            if (promotion == null) {
                return chain;
            }
            for (PromotionWrite write : claimed.writes()) {
                chain = chain.chain(() -> publishRequest(write, promotion.correlationId));
            }
            if (claimed.stagePromoted() != null) {
                chain = chain.chain(() -> publishStagePromoted(promotion, claimed.stagePromoted()));
            }
            return chain;
        });
    }

    /** Every promotion whose stage-promoted Kafka has not acknowledged yet: the reconcile pass's safety net. */
    public Uni<Void> publishStagePromotedOutstanding() {
        return transactions.run(promotions::stagePromotedUnpublished).chain(unpublished -> {
            Uni<Void> each = Uni.createFrom().voidItem();
            for (Promotion promotion : unpublished) {
                each = each.chain(() -> publishOutstanding(promotion.id));
            }
            return each;
        });
    }

    private Uni<Void> publishRequest(PromotionWrite write, String correlationId) {
        return publisher
                .promotionRequested(StoredRequests.of(write), correlationId)
                .chain(() ->
                        transactions.run(() -> writes.findById(write.requestId).invoke(stored -> {
                            if (write.publishClaimedUntil.isEqual(stored.publishClaimedUntil)) {
                                stored.published = true;
                            }
                        })))
                .replaceWithVoid();
    }

    private Uni<Void> publishStagePromoted(Promotion promotion, OffsetDateTime claim) {
        return stagePromoted(promotion)
                .chain(event -> publisher.stagePromoted(event, promotion.correlationId))
                .chain(() ->
                        transactions.run(() -> promotions.findById(promotion.id).invoke(stored -> {
                            // a reverify meanwhile asks for a new stage-promoted: this one was the old one
                            if (stored.stagePromotedClaimedUntil != null
                                    && claim.isEqual(stored.stagePromotedClaimedUntil)) {
                                stored.stagePromotedPublished = true;
                            }
                        })))
                .replaceWithVoid();
    }

    /** Claims what the promotion owes Kafka and nobody else is publishing now. */
    private Uni<Claimed> claim(String promotionId) {
        return promotions.findById(promotionId).chain(promotion -> {
            if (promotion == null) {
                return Uni.createFrom().item(new Claimed(null, List.of(), null));
            }
            OffsetDateTime now = UtcClock.now();
            // microseconds, as the database keeps it: the holder recognises its claim by this value
            OffsetDateTime until = now.plus(config.publishLease()).truncatedTo(ChronoUnit.MICROS);
            return writes.byPromotion(promotionId).map(all -> {
                List<PromotionWrite> claimed = new ArrayList<>();
                if (promotion.status == PromotionPhase.WRITING) {
                    for (PromotionWrite write : all) {
                        if (!write.published && free(write.publishClaimedUntil, now)) {
                            write.publishClaimedUntil = until;
                            claimed.add(write);
                        }
                    }
                }
                boolean promoted = promotion.status == PromotionPhase.VERIFYING
                        || (promotion.status == PromotionPhase.SUCCEEDED && promotion.writtenCommits != null);
                OffsetDateTime stagePromoted = null;
                if (promoted && !promotion.stagePromotedPublished && free(promotion.stagePromotedClaimedUntil, now)) {
                    promotion.stagePromotedClaimedUntil = until;
                    stagePromoted = until;
                }
                return new Claimed(promotion, claimed, stagePromoted);
            });
        });
    }

    private static boolean free(OffsetDateTime claimedUntil, OffsetDateTime now) {
        return claimedUntil == null || claimedUntil.isBefore(now);
    }

    /** What this instance claimed to publish: requests, and the stage-promoted's claim (null: none). */
    private record Claimed(Promotion promotion, List<PromotionWrite> writes, OffsetDateTime stagePromoted) {}

    private Uni<StagePromoted> stagePromoted(Promotion promotion) {
        Stage stage = pipelines.stageOf(promotion).orElseThrow();
        return transactions
                .run(() -> freight.findById(promotion.freightId))
                .map(chosen -> new StagePromoted(
                        promotion.id,
                        promotion.pipeline,
                        promotion.stage,
                        chosen.id,
                        chosen.alias,
                        artifacts.of(chosen).stream().map(Artifact::image).toList(),
                        chosen.commit,
                        Arrays.asList(promotion.writtenCommits.split(",")),
                        stage.verification(),
                        Instant.now()));
    }
}
