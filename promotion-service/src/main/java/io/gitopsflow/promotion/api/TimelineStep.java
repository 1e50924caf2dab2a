package io.gitopsflow.promotion.api;

import io.gitopsflow.promotion.PromotionPhase;
import io.gitopsflow.promotion.warehouse.Artifact;
import java.time.OffsetDateTime;
import java.util.List;

/** One step of a commit's way: a Freight built from it and its promotion into one stage (none yet: no stage). */
public record TimelineStep(
        String freightId,
        String freightAlias,
        List<Artifact> images,
        String stage,
        String promotionId,
        PromotionPhase status,
        String writtenCommits,
        OffsetDateTime startedAt,
        OffsetDateTime updatedAt) {}
