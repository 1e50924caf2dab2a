package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.VerificationRepository;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Which Freight a stage may promote: the Warehouse's, or what its upstream stages verified at least soak ago. */
@ApplicationScoped
public class FreightAvailability {

    private final FreightRepository freight;
    private final VerificationRepository verifications;
    private final FreightRanking ranking;

    public FreightAvailability(
            FreightRepository freight, VerificationRepository verifications, FreightRanking ranking) {
        this.freight = freight;
        this.verifications = verifications;
        this.ranking = ranking;
    }

    /** The Freight the stage may promote, inside the caller's session. */
    public Uni<List<Freight>> available(Pipeline pipeline, Stage stage) {
        return freight.valuesByPipeline(pipeline.name()).chain(all -> {
            if (stage.fromWarehouse()) {
                return Uni.createFrom().item(all);
            }
            return verifications.byPipeline(pipeline.name()).map(verified -> {
                OffsetDateTime soaked = UtcClock.now().minus(stage.soak());
                Set<String> ids = verified.stream()
                        .filter(v -> stage.upstream().contains(v.stage) && !v.verifiedAt.isAfter(soaked))
                        .map(v -> v.freightId)
                        .collect(Collectors.toSet());
                return all.stream().filter(f -> ids.contains(f.id)).toList();
            });
        });
    }

    /** The newest of {@code candidates} by the Warehouse's first subscription. */
    public Freight newest(Pipeline pipeline, List<Freight> candidates) {
        return ranking.newest(pipeline, candidates).orElseThrow();
    }
}
