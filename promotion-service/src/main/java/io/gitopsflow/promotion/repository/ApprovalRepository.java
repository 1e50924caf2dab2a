package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.Approval;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Approvers' decisions. */
@ApplicationScoped
public class ApprovalRepository implements PanacheRepositoryBase<Approval, Long> {

    public Uni<List<Approval>> byPromotion(String promotionId) {
        return list("promotionId = ?1 order by decidedAt", promotionId);
    }
}
