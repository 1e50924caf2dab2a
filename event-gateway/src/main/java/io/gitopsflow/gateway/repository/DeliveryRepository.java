package io.gitopsflow.gateway.repository;

import io.gitopsflow.gateway.WebhookDelivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivery ids in PostgreSQL. A delivery is claimed by one atomic insert: of two copies arriving at the same
 * instant exactly one wins; a claim left behind by an instance that died may be taken over once stale. The
 * statements on the path of every webhook are prepared statements on the reactive pool (a Hibernate Reactive session
 * and transaction per webhook cost more CPU than the rest of the request); housekeeping uses Panache. Marking
 * deliveries published is not on the answer's path, so those updates go together: while one batch is in flight the
 * next ones queue up and are written by one statement (at 5,000 webhooks/s this halves PostgreSQL's work).
 */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, String> {

    private static final String CLAIM =
            "insert into webhook_delivery (delivery_key, source, subject, status, claimed_at)"
                    + " values ($1, $2, $3, 'CLAIMED', $4)"
                    + " on conflict (delivery_key) do update set claimed_at = excluded.claimed_at"
                    + " where webhook_delivery.status = 'CLAIMED' and webhook_delivery.claimed_at < $5";
    private static final String PUBLISHED = "update webhook_delivery as delivery set status = 'PUBLISHED',"
            + " event_id = published.event_id, published_at = $3"
            + " from unnest($1::varchar[], $2::varchar[]) as published (delivery_key, event_id)"
            + " where delivery.delivery_key = published.delivery_key";
    private static final int MAX_BATCH = 500;
    private static final String RELEASE = "delete from webhook_delivery where delivery_key = $1 and status = 'CLAIMED'";

    private final Pool pool;
    private final Queue<Publication> publications = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writingPublications = new AtomicBoolean();

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    private record Publication(String key, String eventId, UniEmitter<? super Void> done) {}

    /** True when this call claimed the delivery; false when it was seen before (a duplicate). */
    public Uni<Boolean> claim(String key, String source, String subject, OffsetDateTime staleBefore) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(key, source, subject, OffsetDateTime.now(ZoneOffset.UTC), staleBefore))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records that Kafka acknowledged the delivery's event; completes when its batch is written. */
    public Uni<Void> markPublished(String key, String eventId) {
        return Uni.createFrom().emitter(done -> {
            publications.add(new Publication(key, eventId, done));
            writePublications();
        });
    }

    /** Writes what is queued in one statement unless a batch is in flight; its end writes what queued meanwhile. */
    private void writePublications() {
        if (publications.isEmpty() || !writingPublications.compareAndSet(false, true)) {
            return;
        }
        List<Publication> batch = new ArrayList<>();
        for (Publication next; batch.size() < MAX_BATCH && (next = publications.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            writingPublications.set(false);
            writePublications();
            return;
        }
        String[] keys = batch.stream().map(Publication::key).toArray(String[]::new);
        String[] eventIds = batch.stream().map(Publication::eventId).toArray(String[]::new);
        pool.preparedQuery(PUBLISHED)
                .execute(Tuple.of(keys, eventIds, OffsetDateTime.now(ZoneOffset.UTC)))
                .subscribe()
                .with(
                        rows -> {
                            writingPublications.set(false);
                            batch.forEach(publication -> publication.done().complete(null));
                            writePublications();
                        },
                        failure -> {
                            writingPublications.set(false);
                            batch.forEach(publication -> publication.done().fail(failure));
                            writePublications();
                        });
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
