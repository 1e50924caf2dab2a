package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.PromotionPhase;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Promotions by stage, by Freight and by lifecycle state. */
@ApplicationScoped
public class PromotionRepository implements PanacheRepositoryBase<Promotion, String> {

    public Uni<Promotion> active(String pipeline, String stage) {
        return find("pipeline = ?1 and stage = ?2 and status in ?3", pipeline, stage, PromotionPhase.ACTIVE)
                .firstResult();
    }

    public Uni<List<Promotion>> allActive() {
        return list("status in ?1", PromotionPhase.ACTIVE);
    }

    public Uni<List<Promotion>> byStage(String pipeline, String stage) {
        return list("pipeline = ?1 and stage = ?2 order by createdAt desc", pipeline, stage);
    }

    /** The stage's latest promotion, or null; read by the index of pipeline, stage and creation. */
    public Uni<Promotion> latest(String pipeline, String stage) {
        return find("pipeline = ?1 and stage = ?2 order by createdAt desc", pipeline, stage)
                .firstResult();
    }

    public Uni<List<Promotion>> byPipeline(String pipeline) {
        return list("pipeline = ?1 order by createdAt desc", pipeline);
    }

    public Uni<List<Promotion>> byFreight(String freightId) {
        return list("freightId = ?1 order by createdAt", freightId);
    }

    public Uni<Long> countFor(String pipeline, String stage, String freightId) {
        return count("pipeline = ?1 and stage = ?2 and freightId = ?3", pipeline, stage, freightId);
    }

    /** The promotions of {@code ids}. */
    public Uni<List<Promotion>> byIds(Collection<String> ids) {
        return list("id in ?1", ids);
    }

    /** The promotions owing the stage-promoted events of {@code ids}. */
    public Uni<List<Promotion>> byStagePromotedIds(Collection<String> ids) {
        return list("stagePromotedId in ?1", ids);
    }

    /** Promotions owing a stage-promoted whose event is not stored yet (owed before events were stored). */
    public Uni<List<Promotion>> stagePromotedWithoutEvent() {
        return list(
                "stagePromotedPublished = false and stagePromotedId is not null and stagePromotedJson is null"
                        + " and status in ?1",
                List.of(PromotionPhase.VERIFYING, PromotionPhase.SUCCEEDED));
    }
}
