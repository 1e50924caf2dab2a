package io.gitopsflow.console.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * promotion-service's audit trail with fault tolerance: a read waits at most its {@link Timeout} (5 s, setting
 * {@code io.gitopsflow.console.client.PromotionAudit/Timeout/value}).
 */
@ApplicationScoped
@Timeout(5_000)
public class PromotionAudit {

    private final PromotionAuditClient client;

    public PromotionAudit(@RestClient PromotionAuditClient client) {
        this.client = client;
    }

    /** The audit entries of one promotion, oldest first. */
    public Response ofPromotion(String promotionId) {
        return client.ofPromotion(promotionId);
    }
}
