package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.Freight;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Freight by pipeline and by source commit. */
@ApplicationScoped
public class FreightRepository implements PanacheRepositoryBase<Freight, String> {

    public Uni<List<Freight>> byPipeline(String pipeline) {
        return list("pipeline = ?1 order by createdAt", pipeline);
    }

    public Uni<List<Freight>> bySourceCommit(String commit) {
        return list("sourceCommit = ?1 order by createdAt", commit);
    }
}
