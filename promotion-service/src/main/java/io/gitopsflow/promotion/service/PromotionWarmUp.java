package io.gitopsflow.promotion.service;

import io.gitopsflow.messaging.warmup.WarmUp;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.PromotionRepository;
import io.gitopsflow.promotion.repository.StageStateRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The reads an image's arrival makes (a pipeline's Freight, its stages' states, a stage's active and tried
 * promotions), made once after the start for a pipeline name no pipeline file gives: the first Freight and its
 * auto-promotion then find their queries interpreted and the database session warm (docs/benchmarks.md, "The whole
 * stack"). Reads only.
 */
@ApplicationScoped
public class PromotionWarmUp implements WarmUp {

    private static final String PIPELINE = "gitops-flow-warm-up";
    private static final String STAGE = "warm-up";

    private final FreightRepository freight;
    private final StageStateRepository stages;
    private final PromotionRepository promotions;

    public PromotionWarmUp(FreightRepository freight, StageStateRepository stages, PromotionRepository promotions) {
        this.freight = freight;
        this.stages = stages;
        this.promotions = promotions;
    }

    @Override
    public String name() {
        return "promotion-service's Freight and auto-promotion reads";
    }

    @Override
    public Uni<?> run() {
        return Panache.withSession(() -> freight.valuesByPipeline(PIPELINE)
                .chain(() -> stages.byPipeline(PIPELINE))
                .chain(() -> promotions.active(PIPELINE, STAGE))
                .chain(() -> promotions.countFor(PIPELINE, STAGE, "warm-up"))
                .chain(() -> promotions.byPipeline(PIPELINE)));
    }
}
