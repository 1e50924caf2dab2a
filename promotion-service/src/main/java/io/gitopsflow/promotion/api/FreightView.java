package io.gitopsflow.promotion.api;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.warehouse.Artifact;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A Freight and where it stands in every stage.
 *
 * @param artifacts its images
 * @param sourceCommit the application commit it was built from (the API's name)
 * @param charts its Helm charts
 * @param commits its Git commits
 */
public record FreightView(
        String id,
        String alias,
        List<Artifact> artifacts,
        String sourceCommit,
        OffsetDateTime createdAt,
        Map<String, StageStatus> stages,
        List<ChartRef> charts,
        List<GitCommitRef> commits) {

    /** A Freight's status in one stage. */
    public record StageStatus(
            boolean current, OffsetDateTime verifiedAt, String lastPromotionId, PromotionPhase lastStatus) {}
}
