package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.repository.AuditRepository;
import io.gitopsflow.promotion.repository.PromotionWriteRepository;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The syncs health gates request, kept in the promotion's audit trail ("sync requested at &lt;commit&gt;"): that record
 * is what a later check, on any instance and after a restart, counts before it requests again.
 */
@ApplicationScoped
public class GateSyncs {

    private final PromotionWriteRepository writes;
    private final AuditRepository entries;
    private final AuditService audit;

    public GateSyncs(PromotionWriteRepository writes, AuditRepository entries, AuditService audit) {
        this.writes = writes;
        this.entries = entries;
        this.audit = audit;
    }

    /** The sync the promotion's gate may request, with its earlier requests counted; null when none is wanted. */
    Uni<GateSync> wanted(Promotion promotion, Stage.HealthGate gate) {
        return writes.byPromotion(promotion.id).chain(list -> {
            GateSync sync = GateSync.of(gate, list);
            if (sync == null) {
                return Uni.createFrom().nullItem();
            }
            return entries.countOf(promotion.id, GateSync.AUDIT_ACTION, GateSync.auditReason(sync.revision()))
                    .map(sync::requestedBefore);
        });
    }

    /** Records the sync a check requested, if it did. */
    Uni<Void> record(Promotion promotion, Stage.HealthGate gate, GateReading reading) {
        if (reading == null || reading.syncRequestedAt() == null) {
            return Uni.createFrom().voidItem();
        }
        return audit.record(
                promotion,
                GateSync.AUDIT_ACTION,
                Actor.SERVICE.name(),
                GateSync.auditReason(reading.syncRequestedAt()) + " of Argo CD Application " + gate.namespace() + "/"
                        + gate.name());
    }
}
