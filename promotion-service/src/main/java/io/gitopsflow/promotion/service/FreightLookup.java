package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.warehouse.FreightIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Finds a pipeline's Freight by its id or its alias (an alias names one Freight only within its pipeline). */
@ApplicationScoped
public class FreightLookup {

    private final FreightRepository freight;

    public FreightLookup(FreightRepository freight) {
        this.freight = freight;
    }

    /** The pipeline's Freight {@code idOrAlias}, inside the caller's session; a 404 when the pipeline has none. */
    public Uni<Freight> find(String pipeline, String idOrAlias) {
        boolean alias = FreightIdentity.isAlias(idOrAlias);
        Uni<Freight> found = alias ? freight.byAlias(pipeline, idOrAlias) : freight.findById(idOrAlias);
        return found.map(f -> {
            if (f == null || !f.pipeline.equals(pipeline)) {
                throw PromotionException.notFound(
                        "pipeline " + pipeline + " has no Freight " + (alias ? "with alias " : "") + idOrAlias);
            }
            return f;
        });
    }
}
