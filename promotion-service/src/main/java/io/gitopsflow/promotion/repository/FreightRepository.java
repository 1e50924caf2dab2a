package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.Freight;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Freight by pipeline, by alias and by the application commit it was built from. */
@ApplicationScoped
public class FreightRepository implements PanacheRepositoryBase<Freight, String> {

    public Uni<List<Freight>> byPipeline(String pipeline) {
        return list("pipeline = ?1 order by createdAt", pipeline);
    }

    /** The pipeline's Freight of that alias, or null. */
    public Uni<Freight> byAlias(String pipeline, String alias) {
        return find("pipeline = ?1 and alias = ?2", pipeline, alias).firstResult();
    }

    public Uni<List<Freight>> byCommit(String commit) {
        return list("commit = ?1 order by createdAt", commit);
    }
}
