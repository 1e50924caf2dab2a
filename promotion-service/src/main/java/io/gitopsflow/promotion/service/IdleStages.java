package io.gitopsflow.promotion.service;

import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stages auto-promotion last found nothing to start in, and what that rested on: the pipeline's definition, the
 * fingerprint of the Freight available to the stage ({@link FreightAvailability#fingerprint}) and the Freight the stage
 * runs. While all three stay the same, the conclusion does too (the newest is what the stage runs, or is not newer, or
 * was tried), so the reconcile pass, every few seconds, does not read and rank the pipeline's history again for an idle
 * stage. Held, frozen or busy stages are decided before this is asked. Per instance, in memory, one entry per stage.
 */
@ApplicationScoped
public class IdleStages {

    private record StageKey(String pipeline, String stage) {}

    private record Basis(Pipeline definition, String fingerprint, String freightId) {}

    private final ConcurrentHashMap<StageKey, Basis> idle = new ConcurrentHashMap<>();

    /** Whether the stage was found with nothing to start on the same definition, candidates and Freight. */
    boolean unchanged(Pipeline pipeline, Stage stage, String fingerprint, String freightId) {
        Basis last = idle.get(new StageKey(pipeline.name(), stage.name()));
        return last != null
                && last.fingerprint().equals(fingerprint)
                && Objects.equals(last.freightId(), freightId)
                && last.definition().equals(pipeline);
    }

    /** Auto-promotion found nothing to start in the stage on these grounds. */
    void nothingToStart(Pipeline pipeline, Stage stage, String fingerprint, String freightId) {
        idle.put(new StageKey(pipeline.name(), stage.name()), new Basis(pipeline, fingerprint, freightId));
    }

    /** The stage's last conclusion no longer holds (a promotion was started in it). */
    void forget(Pipeline pipeline, Stage stage) {
        idle.remove(new StageKey(pipeline.name(), stage.name()));
    }
}
