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
 * downstream may follow), a failure fails the promotion (and may roll the stage back, {@link AutomaticRollback}). Each
 * run decides at most once, and only a promotion still verifying that Freight; late answers are ignored.
 */
@ApplicationScoped
public class AnalysisCompletedHandler {

    private final AnalysisResultRepository analysisResults;
    private final PromotionRepository promotions;
    private final PromotionTransitions transitions;
    private final PipelineLookup pipelines;
    private final AutoPromotion auto;
    private final AutomaticRollback rollbacks;
    private final PromotionOutbox outbox;
    private final Transactions transactions;

    public AnalysisCompletedHandler(
            AnalysisResultRepository analysisResults,
            PromotionRepository promotions,
            PromotionTransitions transitions,
            PipelineLookup pipelines,
            AutoPromotion auto,
            AutomaticRollback rollbacks,
            PromotionOutbox outbox,
            Transactions transactions) {
        this.analysisResults = analysisResults;
        this.promotions = promotions;
        this.transitions = transitions;
        this.pipelines = pipelines;
        this.auto = auto;
        this.rollbacks = rollbacks;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    public Uni<Void> onAnalysisCompleted(EventEnvelope<AnalysisCompleted> event) {
        AnalysisCompleted analysis = event.data();
        return transactions
                .run(() -> analysisResults.findById(analysis.analysisRunId()).chain(seen -> {
                    if (seen != null) {
                        Log.infof("analysis %s was already answered: ignored", analysis.analysisRunId());
                        return Uni.createFrom().item(Decision.done());
                    }
                    return promotions.findById(analysis.promotionId()).chain(promotion -> {
                        if (promotion == null) {
                            return Uni.createFrom().item(Decision.done());
                        }
                        return analysisResults
                                .persist(result(promotion, analysis))
                                .chain(() -> judge(promotion, analysis));
                    });
                }))
                .onFailure(ContentErrors::isRefusedContent)
                .transform(ContentErrors::terminal)
                .call(decision -> outbox.publishNow(decision.answers()))
                .chain(decision -> decision.next() == NextStep.VERIFIED
                        ? pipelines
                                .declared(analysis.project())
                                .map(auto::promoteStages)
                                .orElse(Uni.createFrom().voidItem())
                        : Uni.createFrom().voidItem());
    }

    /**
     * The verdict of a run not seen before: VERIFIED when it verified the Freight; a failure may start an automatic
     * rollback, whose requests the decision carries.
     */
    private Uni<Decision> judge(Promotion promotion, AnalysisCompleted analysis) {
        if (promotion.status != PromotionPhase.VERIFYING || !promotion.freightId.equals(analysis.freightId())) {
            Log.infof(
                    "analysis %s of promotion %s no longer applies: ignored",
                    analysis.analysisRunId(), analysis.promotionId());
            return Uni.createFrom().item(Decision.done());
        }
        String reason = "analysis run " + analysis.analysisRunId() + " " + analysis.phase()
                + (analysis.message().isEmpty() ? "" : ": " + analysis.message());
        if (analysis.phase() == AnalysisCompleted.Phase.SUCCESSFUL) {
            return transitions.verified(promotion, reason).replaceWith(new Decision(NextStep.VERIFIED, new Answers()));
        }
        Answers answers = new Answers();
        return rollbacks
                .verificationFailed(promotion, analysis.analysisRunId(), reason, answers)
                .replaceWith(() -> new Decision(NextStep.DONE, answers));
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
