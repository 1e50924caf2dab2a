package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Finds a promotion a request names; a 404 when there is none. */
@ApplicationScoped
public class PromotionLookup {

    private final PromotionRepository promotions;

    public PromotionLookup(PromotionRepository promotions) {
        this.promotions = promotions;
    }

    /** The promotion, inside the caller's session. */
    public Uni<Promotion> find(String id) {
        return promotions.findById(id).map(found -> {
            if (found == null) {
                throw PromotionException.notFound("no promotion " + id);
            }
            return found;
        });
    }
}
