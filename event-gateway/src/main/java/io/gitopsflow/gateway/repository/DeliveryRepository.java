package io.gitopsflow.gateway.repository;

import io.gitopsflow.gateway.WebhookDelivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Delivery ids in PostgreSQL. A delivery is claimed by one atomic insert: of two copies arriving at the same
 * instant exactly one wins; a claim left behind by an instance that died may be taken over once stale. The three
 * statements on the path of every webhook are single prepared statements on the reactive pool (a Hibernate Reactive
 * session and transaction per webhook cost more CPU than the rest of the request); housekeeping uses Panache.
 */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, String> {

    private static final String CLAIM =
            "insert into webhook_delivery (delivery_key, source, subject, status, claimed_at)"
                    + " values ($1, $2, $3, 'CLAIMED', $4)"
                    + " on conflict (delivery_key) do update set claimed_at = excluded.claimed_at"
                    + " where webhook_delivery.status = 'CLAIMED' and webhook_delivery.claimed_at < $5";
    private static final String PUBLISHED = "update webhook_delivery set status = 'PUBLISHED', event_id = $2,"
            + " published_at = $3 where delivery_key = $1";
    private static final String RELEASE = "delete from webhook_delivery where delivery_key = $1 and status = 'CLAIMED'";

    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** True when this call claimed the delivery; false when it was seen before (a duplicate). */
    public Uni<Boolean> claim(String key, String source, String subject, OffsetDateTime staleBefore) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(key, source, subject, OffsetDateTime.now(ZoneOffset.UTC), staleBefore))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records that Kafka acknowledged the delivery's event. */
    public Uni<Void> markPublished(String key, String eventId) {
        return pool.preparedQuery(PUBLISHED)
                .execute(Tuple.of(key, eventId, OffsetDateTime.now(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Gives a claim up when the event could not be published, so the provider's retry is not a duplicate. */
    public Uni<Void> release(String key) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(key)).replaceWithVoid();
    }

    /** Forgets deliveries claimed before {@code cutoff}. */
    @WithTransaction
    public Uni<Long> forgetOlderThan(OffsetDateTime cutoff) {
        return delete("claimedAt < ?1", cutoff);
    }
}
