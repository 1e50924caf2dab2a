package io.gitopsflow.console.service;

import io.gitopsflow.console.api.ActionComment;
import io.gitopsflow.console.api.PromoteRequest;
import io.gitopsflow.console.api.RollbackRequest;
import io.gitopsflow.console.client.PromotionService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

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
        return Uni.createFrom()
                .<Response>deferred(call)
                .map(PromotionActions::answer)
                .onFailure(PromotionActions::unreachable)
                .recoverWithItem(PromotionActions::unavailable);
    }

    /** promotion-service's answer as the caller gets it: its status, its media type and its body. */
    private static Response answer(Response upstream) {
        try (upstream) {
            Response.ResponseBuilder answer = Response.status(upstream.getStatus());
            if (upstream.hasEntity()) {
                MediaType type = upstream.getMediaType();
                answer.entity(upstream.readEntity(String.class))
                        .type(type == null ? MediaType.APPLICATION_JSON_TYPE : type);
            }
            return answer.build();
        }
    }

    // a timeout, or no connection: refused, reset, a name that does not resolve
    private static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException
                    || cause instanceof ProcessingException
                    || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static Response unavailable(Throwable failure) {
        String reason = failure instanceof TimeoutException
                ? "promotion-service did not answer in time: the action may have been taken, reload before trying again"
                : "promotion-service cannot be reached: " + failure.getMessage();
        Log.warnf("an action was not passed through: %s", reason);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", reason))
                .build();
    }
}
