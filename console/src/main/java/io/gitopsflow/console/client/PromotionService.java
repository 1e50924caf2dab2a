package io.gitopsflow.console.client;

import io.gitopsflow.console.api.ActionComment;
import io.gitopsflow.console.api.PromoteRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * promotion-service's action API with fault tolerance: each call waits at most its {@link Timeout} (10 s, setting
 * {@code io.gitopsflow.console.client.PromotionService/Timeout/value}) and is never retried, since a POST that may
 * have reached promotion-service must not be sent twice. Answers, 4xx included, are promotion-service's own.
 */
@ApplicationScoped
@Timeout(10_000)
public class PromotionService {

    private final PromotionServiceClient client;

    public PromotionService(@RestClient PromotionServiceClient client) {
        this.client = client;
    }

    /** Promotes a Freight into a stage (a rollback is the promotion of an older one). */
    public Uni<Response> promote(String pipeline, String stage, PromoteRequest request) {
        return client.promote(pipeline, stage, request);
    }

    /** Verifies a stage's current Freight again. */
    public Uni<Response> reverify(String pipeline, String stage, ActionComment comment) {
        return client.reverify(pipeline, stage, comment);
    }

    /** Approves a pending promotion. */
    public Uni<Response> approve(String promotionId, ActionComment comment) {
        return client.approve(promotionId, comment);
    }

    /** Rejects a pending promotion. */
    public Uni<Response> reject(String promotionId, ActionComment comment) {
        return client.reject(promotionId, comment);
    }

    /** Aborts a running promotion. */
    public Uni<Response> abort(String promotionId, ActionComment comment) {
        return client.abort(promotionId, comment);
    }
}
