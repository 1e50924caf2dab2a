package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.AuditEntry;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.repository.AuditRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Records every state change in the transaction that makes it, so the trail and the state never disagree; a change of a
 * promotion is stored as its promotion-updated event in the same transaction ({@link DecisionEvents}).
 */
@ApplicationScoped
public class AuditService {

    private final AuditRepository entries;
    private final DecisionEvents events;

    public AuditService(AuditRepository entries, DecisionEvents events) {
        this.entries = entries;
        this.events = events;
    }

    public Uni<Void> record(
            String pipeline,
            String stage,
            String freightId,
            String promotionId,
            String action,
            String actor,
            String reason) {
        AuditEntry entry = new AuditEntry();
        entry.pipeline = pipeline;
        entry.stage = stage;
        entry.freightId = freightId;
        entry.promotionId = promotionId;
        entry.action = action;
        entry.actor = actor;
        entry.reason = Reasons.fit(reason);
        entry.at = OffsetDateTime.now(ZoneOffset.UTC);
        return entries.persist(entry).replaceWithVoid();
    }

    public Uni<Void> record(Promotion promotion, String action, String actor, String reason) {
        return record(promotion.pipeline, promotion.stage, promotion.freightId, promotion.id, action, actor, reason)
                .call(() -> events.promotionUpdated(promotion, action, actor, reason));
    }

    public Uni<List<AuditEntry>> query(String pipeline, String stage, String freightId, String promotionId) {
        return entries.query(pipeline, stage, freightId, promotionId);
    }
}
