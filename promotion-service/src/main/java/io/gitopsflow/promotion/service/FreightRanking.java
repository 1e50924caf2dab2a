package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.StageState;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.promotion.warehouse.FreightOrder;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ranks a pipeline's stored Freight by its Warehouse's first subscription ({@link FreightOrder}), and keeps
 * auto-promotion moving stages forward only.
 */
@ApplicationScoped
public class FreightRanking {

    private final FreightArtifacts artifacts;
    private final FreightRepository freight;

    public FreightRanking(FreightArtifacts artifacts, FreightRepository freight) {
        this.artifacts = artifacts;
        this.freight = freight;
    }

    /** Oldest first, ranking builds among the {@code known} Freight of their branch. */
    public Comparator<Freight> oldestFirst(Pipeline pipeline, Collection<Freight> known) {
        Comparator<List<Artifact>> order = FreightOrder.oldestFirst(
                pipeline.warehouse().subscriptions().get(0),
                known.stream().map(artifacts::of).toList());
        return (a, b) -> order.compare(artifacts.of(a), artifacts.of(b));
    }

    /** The newest of {@code candidates}. */
    public Optional<Freight> newest(Pipeline pipeline, List<Freight> candidates) {
        return candidates.stream().max(oldestFirst(pipeline, candidates));
    }

    /** The Freight the stage runs, or null; read only when the candidates do not hold it. */
    public Uni<Freight> current(StageState state, List<Freight> candidates) {
        if (state.freightId == null) {
            return Uni.createFrom().nullItem();
        }
        return candidates.stream()
                .filter(f -> f.id.equals(state.freightId))
                .findFirst()
                .map(f -> Uni.createFrom().item(f))
                .orElseGet(() -> freight.findById(state.freightId));
    }

    /**
     * Whether auto-promotion may move a stage from {@code current} (null: it runs nothing) to {@code candidate}: only
     * forward, never to the Freight it runs or an older one (a rollback is a person's decision).
     */
    public boolean forward(Pipeline pipeline, Freight current, Freight candidate, List<Freight> candidates) {
        if (current == null) {
            return true;
        }
        if (candidate.id.equals(current.id)) {
            return false;
        }
        List<Freight> known = new ArrayList<>(candidates);
        known.add(current);
        if (oldestFirst(pipeline, known).compare(candidate, current) > 0) {
            return true;
        }
        // every reconcile pass asks again: not worth more than a debug line
        Log.debugf(
                "pipeline %s: a stage runs %s, newer than %s; auto-promotion never moves a stage back",
                pipeline.name(), current.alias, candidate.alias);
        return false;
    }
}
