package io.gitopsflow.promotion.service;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.AnalysisResult;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.repository.AnalysisResultRepository;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * analysis-service's verdict on a promotion it verified: a success verifies the Freight in the stage (the stages
 * downstream may follow), a failure fails the promotion. Each run decides at most once, and only a promotion still
 * verifying that Freight; late answers are ignored.
 */
@ApplicationScoped
public class AnalysisCompletedHandler {

    private final AnalysisResultRepository analysisResults;
    private final PromotionRepository promotions;
    private final PromotionTransitions transitions;
    private final PipelineLookup pipelines;
    private final AutoPromotion auto;
    private final Transactions transactions;

    public AnalysisCompletedHandler(
            AnalysisResultRepository analysisResults,
            PromotionRepository promotions,
            PromotionTransitions transitions,
            PipelineLookup pipelines,
            AutoPromotion auto,
            Transactions transactions) {
        this.analysisResults = analysisResults;
        this.promotions = promotions;
        this.transitions = transitions;
        this.pipelines = pipelines;
        this.auto = auto;
        this.transactions = transactions;
    }

    public Uni<Void> onAnalysisCompleted(EventEnvelope<AnalysisCompleted> event) {
        AnalysisCompleted analysis = event.data();
        return transactions
                .run(() -> analysisResults.findById(analysis.analysisRunId()).chain(seen -> {
                    if (seen != null) {
                        Log.infof("analysis %s was already answered: ignored", analysis.analysisRunId());
                        return Uni.createFrom().item(false);
                    }
                    return promotions.findById(analysis.promotionId()).chain(promotion -> {
                        if (promotion == null) {
                            return Uni.createFrom().item(false);
                        }
                        return analysisResults
                                .persist(result(promotion, analysis))
                                .chain(() -> judge(promotion, analysis));
                    });
                }))
                .onFailure(ContentErrors::isRefusedContent)
                .transform(ContentErrors::terminal)
                .chain(verified -> verified
                        ? pipelines
                                .declared(analysis.project())
                                .map(auto::promoteStages)
                                .orElse(Uni.createFrom().voidItem())
                        : Uni.createFrom().voidItem());
    }

    /** The verdict of a run not seen before: true when it verified the Freight. */
    private Uni<Boolean> judge(Promotion promotion, AnalysisCompleted analysis) {
        if (promotion.status != PromotionPhase.VERIFYING || !promotion.freightId.equals(analysis.freightId())) {
            Log.infof(
                    "analysis %s of promotion %s no longer applies: ignored",
                    analysis.analysisRunId(), analysis.promotionId());
            return Uni.createFrom().item(false);
        }
        String reason = "analysis run " + analysis.analysisRunId() + " " + analysis.phase()
                + (analysis.message().isEmpty() ? "" : ": " + analysis.message());
        if (analysis.phase() == AnalysisCompleted.Phase.SUCCESSFUL) {
            return transitions.verified(promotion, reason).replaceWith(true);
        }
        return transitions.failedVerification(promotion, reason).replaceWith(false);
    }

    private static AnalysisResult result(Promotion promotion, AnalysisCompleted analysis) {
        AnalysisResult result = new AnalysisResult();
        result.analysisRunId = analysis.analysisRunId();
        result.promotionId = promotion.id;
        result.phase = analysis.phase().name();
        result.receivedAt = UtcClock.now();
        return result;
    }
}
