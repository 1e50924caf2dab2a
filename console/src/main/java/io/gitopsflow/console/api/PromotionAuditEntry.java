package io.gitopsflow.console.api;

import java.time.OffsetDateTime;

/**
 * One entry of promotion-service's audit trail ({@code GET /audit?promotion=}), in the console's own record: what
 * happened, to which stage and Freight, by whom and why.
 */
public record PromotionAuditEntry(
        Long id,
        String pipeline,
        String stage,
        String freightId,
        String promotionId,
        String action,
        String actor,
        String reason,
        OffsetDateTime at) {}
