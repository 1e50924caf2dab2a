package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.StageState;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.promotion.warehouse.FreightOrder;
import io.gitopsflow.spec.pipeline.ChartSubscription;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Warehouse;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.semver4j.Semver;

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

    /**
     * Oldest first, ranking builds among the {@code known} Freight of their branch. A Warehouse without images ranks
     * by its first chart's version, and one of Git commits only by when the Freight was made (push order).
     */
    public Comparator<Freight> oldestFirst(Pipeline pipeline, Collection<Freight> known) {
        Warehouse warehouse = pipeline.warehouse();
        if (!warehouse.subscriptions().isEmpty()) {
            // each Freight's JSON read once, not at every comparison
            Map<Freight, List<Artifact>> read = new IdentityHashMap<>();
            Comparator<List<Artifact>> order = FreightOrder.oldestFirst(
                    warehouse.subscriptions().get(0),
                    known.stream()
                            .map(f -> read.computeIfAbsent(f, artifacts::of))
                            .toList());
            return (a, b) ->
                    order.compare(read.computeIfAbsent(a, artifacts::of), read.computeIfAbsent(b, artifacts::of));
        }
        Comparator<Freight> byTime =
                Comparator.comparing((Freight f) -> f.createdAt).thenComparing(f -> f.id);
        if (warehouse.charts().isEmpty()) {
            return byTime;
        }
        String chart = warehouse.charts().get(0).chartRepository();
        return Comparator.comparing(
                        (Freight f) -> chartVersion(f, chart), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(byTime);
    }

    private Semver chartVersion(Freight freight, String chartRepository) {
        return artifacts.charts(freight).stream()
                .filter(c -> c.repository().equals(chartRepository))
                .map(c -> ChartSubscription.version(c.version()))
                .findFirst()
                .orElse(null);
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
     * forward, never to the Freight it runs or an older one (a rollback is a person's decision). {@code order} ranks
     * {@code candidates} (as {@link #oldestFirst} does); it is reused when the stage runs one of them, and the
     * candidates are ranked again with the stage's Freight among them only when it does not.
     */
    public boolean forward(
            Pipeline pipeline,
            Freight current,
            Freight candidate,
            List<Freight> candidates,
            Comparator<Freight> order) {
        if (current == null) {
            return true;
        }
        if (candidate.id.equals(current.id)) {
            return false;
        }
        Comparator<Freight> ranked = order;
        if (candidates.stream().noneMatch(f -> f.id.equals(current.id))) {
            List<Freight> known = new ArrayList<>(candidates);
            known.add(current);
            ranked = oldestFirst(pipeline, known);
        }
        if (ranked.compare(candidate, current) > 0) {
            return true;
        }
        // every reconcile pass asks again: not worth more than a debug line
        Log.debugf(
                "pipeline %s: a stage runs %s, newer than %s; auto-promotion never moves a stage back",
                pipeline.name(), current.alias, candidate.alias);
        return false;
    }
}
