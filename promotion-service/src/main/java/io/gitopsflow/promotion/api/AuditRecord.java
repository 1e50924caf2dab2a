package io.gitopsflow.promotion.api;

import io.gitopsflow.promotion.AuditEntry;
import java.time.OffsetDateTime;

/** One entry of the audit trail: what happened, to which pipeline, stage, Freight and promotion, by whom and why. */
public record AuditRecord(
        Long id,
        String pipeline,
        String stage,
        String freightId,
        String promotionId,
        String action,
        String actor,
        String reason,
        OffsetDateTime at) {

    public static AuditRecord of(AuditEntry e) {
        return new AuditRecord(
                e.id, e.pipeline, e.stage, e.freightId, e.promotionId, e.action, e.actor, e.reason, e.at);
    }
}
