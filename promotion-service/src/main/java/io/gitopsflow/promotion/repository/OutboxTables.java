package io.gitopsflow.promotion.repository;

import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxTable;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * promotion-service's outboxes on its own tables, for the shared relay: the promotion-requested of each write (sent
 * while its promotion writes), the stage-promoted a promotion owes (while it verifies, or once verified without
 * analysis), and the events of its decisions (freight-created, promotion-updated). Rows are stored claimed by the instance that stores them, which publishes them right away;
 * another instance takes them over only once that claim ran out.
 */
@ApplicationScoped
public class OutboxTables {

    public static final String PROMOTION_REQUESTED = "promotion-requested";
    public static final String STAGE_PROMOTED = "stage-promoted";
    public static final String DECISION_EVENTS = "decision-events";

    static final OutboxTable REQUESTS = new OutboxTable(
            "promotion_write",
            "request_id",
            "published",
            "promotion_id in (select id from promotion where status = 'WRITING')",
            "requested_at",
            "publish_claimed_until");

    static final OutboxTable STAGE_PROMOTIONS = new OutboxTable(
            "promotion",
            "stage_promoted_id",
            "stage_promoted_published",
            "stage_promoted_json is not null and status in ('VERIFYING', 'SUCCEEDED')",
            "updated_at",
            "stage_promoted_claimed_until");

    static final OutboxTable DECISIONS =
            new OutboxTable("decision_event", "id", "published", "true", "seq", "publish_claimed_until");

    // a singleton: Outbox is a final class, which a client proxy could not wrap
    @Produces
    @Singleton
    @Named(PROMOTION_REQUESTED)
    Outbox requests(Pool pool) {
        return new Outbox(pool, REQUESTS);
    }

    @Produces
    @Singleton
    @Named(STAGE_PROMOTED)
    Outbox stagePromotions(Pool pool) {
        return new Outbox(pool, STAGE_PROMOTIONS);
    }

    @Produces
    @Singleton
    @Named(DECISION_EVENTS)
    Outbox decisions(Pool pool) {
        return new Outbox(pool, DECISIONS);
    }
}
