package io.gitopsflow.promotion.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.promotion.PromotionWrite;
import java.nio.charset.StandardCharsets;

/** A write's promotion-requested as it was stored (and published): the same bytes every time. */
final class StoredRequests {

    private StoredRequests() {}

    static String encode(PromotionRequested request) {
        return new String(EventCodec.encode(request), StandardCharsets.UTF_8);
    }

    static PromotionRequested of(PromotionWrite write) {
        return EventCodec.decode(EventType.PROMOTION_REQUESTED, write.requestJson.getBytes(StandardCharsets.UTF_8));
    }
}
