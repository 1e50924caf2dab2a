package io.gitopsflow.promotion.api;

import io.gitopsflow.promotion.PromotionPhase;
import java.util.List;

/**
 * A stage: what it runs, whether auto-promotion is held, its latest promotion.
 *
 * @param sources {@code warehouse} and/or the upstream stages it promotes from
 * @param verified whether the Freight it runs is verified in it
 */
public record StageView(
        String name,
        List<String> sources,
        boolean autoPromotion,
        String freightId,
        String freightAlias,
        String promotionId,
        PromotionPhase promotionStatus,
        boolean hold,
        String holdReason,
        boolean verified) {}
