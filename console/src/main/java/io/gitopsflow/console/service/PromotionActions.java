package io.gitopsflow.console.service;

import io.gitopsflow.console.api.ActionComment;
import io.gitopsflow.console.api.PromoteRequest;
import io.gitopsflow.console.api.RollbackRequest;
import io.gitopsflow.console.client.PromotionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * People's actions passed through to promotion-service, which decides them: its answer (status and JSON body, its
 * 4xx reasons included) comes back unchanged, and when it cannot be reached or does not answer in time the action is
 * a 503 with the reason. The console adds no decision of its own: a rollback is promotion-service's promotion of the
 * older Freight, which promotion-service itself records as a rollback.
 */
@ApplicationScoped
public class PromotionActions {

    private final PromotionService promotionService;

    public PromotionActions(PromotionService promotionService) {
        this.promotionService = promotionService;
    }

    /** Promotes a Freight into a stage. */
    public Uni<Response> promote(String pipeline, String stage, PromoteRequest request) {
        return passThrough(() -> promotionService.promote(pipeline, stage, request));
    }

    /** Rolls a stage back to an older Freight. */
    public Uni<Response> rollback(String pipeline, String stage, RollbackRequest request) {
        PromoteRequest promotion = new PromoteRequest(request.freight(), request.reason(), false);
        return passThrough(() -> promotionService.promote(pipeline, stage, promotion));
    }

    /** Verifies a stage's current Freight again. */
    public Uni<Response> reverify(String pipeline, String stage, ActionComment comment) {
        return passThrough(() -> promotionService.reverify(pipeline, stage, comment));
    }

    /** Approves a pending promotion. */
    public Uni<Response> approve(String promotionId, ActionComment comment) {
        return passThrough(() -> promotionService.approve(promotionId, comment));
    }

    /** Rejects a pending promotion. */
    public Uni<Response> reject(String promotionId, ActionComment comment) {
        return passThrough(() -> promotionService.reject(promotionId, comment));
    }

    /** Aborts a running promotion. */
    public Uni<Response> abort(String promotionId, ActionComment comment) {
        return passThrough(() -> promotionService.abort(promotionId, comment));
    }

    private static Uni<Response> passThrough(Supplier<Uni<? extends Response>> call) {
        return ForwardedCalls.passThrough("promotion-service", call);
    }
}
