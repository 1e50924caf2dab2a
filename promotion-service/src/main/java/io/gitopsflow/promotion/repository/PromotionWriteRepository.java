package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.PromotionWrite;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** The writes of promotions. */
@ApplicationScoped
public class PromotionWriteRepository implements PanacheRepositoryBase<PromotionWrite, String> {

    public Uni<List<PromotionWrite>> byPromotion(String promotionId) {
        return list("promotionId = ?1 order by targetIndex", promotionId);
    }

    /** The writes of {@code requestIds}. */
    public Uni<List<PromotionWrite>> byRequestIds(Collection<String> requestIds) {
        return list("requestId in ?1", requestIds);
    }

    public Uni<List<PromotionWrite>> awaitingMerge() {
        return list("status in ?1", List.of(PromotionWrite.Status.REQUESTED, PromotionWrite.Status.PR_OPENED));
    }
}
