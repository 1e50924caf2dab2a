package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.StageState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** What each stage runs. */
@ApplicationScoped
public class StageStateRepository implements PanacheRepositoryBase<StageState, String> {

    /** The stage's state, created (not yet flushed) when the stage never ran anything. */
    public Uni<StageState> getOrCreate(String pipeline, String stage) {
        return findById(StageState.key(pipeline, stage)).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            StageState state = new StageState();
            state.id = StageState.key(pipeline, stage);
            state.pipeline = pipeline;
            state.stage = stage;
            state.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return persist(state);
        });
    }

    public Uni<List<StageState>> byPipeline(String pipeline) {
        return list("pipeline", pipeline);
    }
}
