package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.pipeline.Pipeline;
import io.gitopsflow.promotion.warehouse.FreightOrder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Ranks a pipeline's stored Freight by its Warehouse's first subscription ({@link FreightOrder}). */
@ApplicationScoped
public class FreightRanking {

    private final FreightArtifacts artifacts;

    public FreightRanking(FreightArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    /** Oldest first, ranking builds among the {@code known} Freight of their branch. */
    public Comparator<Freight> oldestFirst(Pipeline pipeline, Collection<Freight> known) {
        Comparator<List<io.gitopsflow.promotion.warehouse.Artifact>> order = FreightOrder.oldestFirst(
                pipeline.warehouse().subscriptions().get(0),
                known.stream().map(artifacts::of).toList());
        return (a, b) -> order.compare(artifacts.of(a), artifacts.of(b));
    }

    /** The newest of {@code candidates}. */
    public Optional<Freight> newest(Pipeline pipeline, List<Freight> candidates) {
        return candidates.stream().max(oldestFirst(pipeline, candidates));
    }
}
