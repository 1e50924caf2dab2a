package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.service.timeline.StoredEvent;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.PromotionRequested;
import java.time.Instant;

/** What the promotion describers say alike: which Freight goes where, and when a promotion's write was first asked. */
final class Promotions {

    private Promotions() {}

    /** {@code "brave-otter into books/dev"}: the Freight by its alias (else its short id) and the stage. */
    static String freightInto(StoredEvent stored, String alias, String freightId, String project, String stage) {
        String name = alias != null ? alias : stored.freightAlias();
        if (name == null) {
            name = freightId.length() > 12 ? freightId.substring(0, 12) : freightId;
        }
        return name + " into " + project + "/" + stage;
    }

    /** When {@code promotionId}'s first write was requested on this timeline, or null. */
    static Instant firstRequestedAt(TimelineContext timeline, String promotionId) {
        return timeline.first(
                        EventType.PROMOTION_REQUESTED,
                        (PromotionRequested request) -> request.promotionId().equals(promotionId))
                .map(request -> request.event().requestedAt())
                .orElse(null);
    }
}
