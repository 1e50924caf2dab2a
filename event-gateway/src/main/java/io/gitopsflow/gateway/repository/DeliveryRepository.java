package io.gitopsflow.gateway.repository;

import io.gitopsflow.gateway.WebhookDelivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Delivery ids in PostgreSQL. A delivery is claimed by one atomic insert: of two copies arriving at the same
 * instant exactly one wins; a claim left behind by an instance that died may be taken over once stale.
 */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, String> {

    private static final String CLAIM =
            "insert into webhook_delivery (delivery_key, source, subject, status, claimed_at)"
                    + " values (:key, :source, :subject, 'CLAIMED', :now)"
                    + " on conflict (delivery_key) do update set claimed_at = excluded.claimed_at"
                    + " where webhook_delivery.status = 'CLAIMED' and webhook_delivery.claimed_at < :staleBefore";

    /** True when this call claimed the delivery; false when it was seen before (a duplicate). */
    @WithTransaction
    public Uni<Boolean> claim(String key, String source, String subject, OffsetDateTime staleBefore) {
        return getSession()
                .chain(session -> session.createNativeQuery(CLAIM)
                        .setParameter("key", key)
                        .setParameter("source", source)
                        .setParameter("subject", subject)
                        .setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
                        .setParameter("staleBefore", staleBefore)
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    /** Records that Kafka acknowledged the delivery's event. */
    @WithTransaction
    public Uni<Void> markPublished(String key, String eventId) {
        return update(
                        "status = ?1, eventId = ?2, publishedAt = ?3 where deliveryKey = ?4",
                        WebhookDelivery.PUBLISHED,
                        eventId,
                        OffsetDateTime.now(ZoneOffset.UTC),
                        key)
                .replaceWithVoid();
    }

    /** Gives a claim up when the event could not be published, so the provider's retry is not a duplicate. */
    @WithTransaction
    public Uni<Void> release(String key) {
        return delete("deliveryKey = ?1 and status = ?2", key, WebhookDelivery.CLAIMED)
                .replaceWithVoid();
    }

    /** Forgets deliveries claimed before {@code cutoff}. */
    @WithTransaction
    public Uni<Long> forgetOlderThan(OffsetDateTime cutoff) {
        return delete("claimedAt < ?1", cutoff);
    }
}
