package io.gitopsflow.console.service;

import io.gitopsflow.console.api.PromotionAuditEntry;
import io.gitopsflow.console.client.PromotionAudit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.GenericType;
import java.util.List;

/**
 * A promotion's audit entries, read from promotion-service with the user's token: the audit trail is promotion-
 * service's own record of who did what, which the read model does not copy.
 */
@ApplicationScoped
public class PromotionAuditTrail {

    private static final GenericType<List<PromotionAuditEntry>> ENTRIES = new GenericType<>() {};

    private final PromotionAudit audit;

    public PromotionAuditTrail(PromotionAudit audit) {
        this.audit = audit;
    }

    /** The entries of a promotion, oldest first, or why they cannot be shown. */
    public Remote<List<PromotionAuditEntry>> of(String promotionId) {
        return Remote.read(
                "promotion-service",
                "the audit entries of promotion " + promotionId,
                () -> audit.ofPromotion(promotionId),
                ENTRIES);
    }
}
