package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.FreightVerification;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.StageState;
import io.gitopsflow.promotion.api.FreightView;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Stage;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each Freight's status in every stage of its pipeline (runs there, verified when, its latest promotion there), from
 * the pipeline's stage states, verifications and promotions indexed once: listing a pipeline's Freight looks each one
 * up instead of scanning every verification and promotion for each.
 */
final class FreightStatuses {

    private final Pipeline pipeline;
    private final Map<String, String> currentByStage = new HashMap<>();
    private final Map<Key, OffsetDateTime> verifiedAt = new HashMap<>();
    private final Map<Key, Promotion> latest = new HashMap<>();

    private record Key(String stage, String freightId) {}

    /** {@code history}: the pipeline's promotions, newest first. */
    FreightStatuses(
            Pipeline pipeline, List<StageState> states, List<FreightVerification> verified, List<Promotion> history) {
        this.pipeline = pipeline;
        states.forEach(state -> currentByStage.putIfAbsent(state.stage, state.freightId));
        verified.forEach(v -> verifiedAt.putIfAbsent(new Key(v.stage, v.freightId), v.verifiedAt));
        history.forEach(p -> latest.putIfAbsent(new Key(p.stage, p.freightId), p));
    }

    /** The Freight's status in each stage, in the pipeline's order. */
    Map<String, FreightView.StageStatus> of(String freightId) {
        Map<String, FreightView.StageStatus> byStage = new LinkedHashMap<>();
        for (Stage stage : pipeline.stages()) {
            Key key = new Key(stage.name(), freightId);
            Promotion last = latest.get(key);
            byStage.put(
                    stage.name(),
                    new FreightView.StageStatus(
                            freightId.equals(currentByStage.get(stage.name())),
                            verifiedAt.get(key),
                            last == null ? null : last.id,
                            last == null ? null : last.status));
        }
        return byStage;
    }
}
