package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;

/** The pipelines in force, looked up as requests name them (a 404 when there is none) and as promotions do. */
@ApplicationScoped
public class PipelineLookup {

    private final PipelineRegistry pipelines;

    public PipelineLookup(PipelineRegistry pipelines) {
        this.pipelines = pipelines;
    }

    public Collection<Pipeline> all() {
        return pipelines.pipelines();
    }

    /** The pipeline, or a 404. */
    public Pipeline pipeline(String name) {
        return pipelines.pipeline(name).orElseThrow(() -> PromotionException.notFound("no pipeline " + name));
    }

    /** The pipeline's stage, or a 404. */
    public Stage stage(Pipeline pipeline, String name) {
        return pipeline.stage(name)
                .orElseThrow(
                        () -> PromotionException.notFound("pipeline " + pipeline.name() + " has no stage " + name));
    }

    /** The pipeline, if still declared. */
    public Optional<Pipeline> declared(String pipeline) {
        return pipelines.pipeline(pipeline);
    }

    /** The promotion's stage, if still declared. */
    public Optional<Stage> stageOf(Promotion promotion) {
        return pipelines.pipeline(promotion.pipeline).flatMap(p -> p.stage(promotion.stage));
    }
}
