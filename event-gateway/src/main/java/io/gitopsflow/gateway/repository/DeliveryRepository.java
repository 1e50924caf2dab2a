package io.gitopsflow.gateway.repository;

import io.gitopsflow.gateway.WebhookDelivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivery ids in PostgreSQL. A delivery is claimed by one atomic insert: of two copies arriving at the same
 * instant exactly one wins; a claim left behind by an instance that died may be taken over once stale. The
 * statements on the path of every webhook are prepared statements on the reactive pool (a Hibernate Reactive session
 * and transaction per webhook cost more CPU than the rest of the request); housekeeping uses Panache. Marking
 * deliveries published is not on the answer's path, so those updates go together: while one batch is in flight the
 * next ones queue up and are written by one statement; claims go together the same way once several are in flight.
 */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, String> {

    private static final String CLAIM =
            "insert into webhook_delivery (delivery_key, source, subject, status, claimed_at)"
                    + " select delivery_key, source, subject, 'CLAIMED', $4"
                    + " from unnest($1::varchar[], $2::varchar[], $3::varchar[]) as claim (delivery_key, source, subject)"
                    + " on conflict (delivery_key) do update set claimed_at = excluded.claimed_at"
                    + " where webhook_delivery.status = 'CLAIMED' and webhook_delivery.claimed_at < $5"
                    + " returning delivery_key";
    /** Claim statements in flight at once; claims arriving meanwhile wait and go together in the next one. */
    private static final int MAX_CLAIM_STATEMENTS = 1;

    private static final String PUBLISHED = "update webhook_delivery as delivery set status = 'PUBLISHED',"
            + " event_id = published.event_id, published_at = $3"
            + " from unnest($1::varchar[], $2::varchar[]) as published (delivery_key, event_id)"
            + " where delivery.delivery_key = published.delivery_key";
    private static final int MAX_BATCH = 500;
    private static final String STATUS = "select status from webhook_delivery where delivery_key = $1";
    private static final String RELEASE = "delete from webhook_delivery where delivery_key = $1 and status = 'CLAIMED'";

    private final Pool pool;
    private final Queue<Publication> publications = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writingPublications = new AtomicBoolean();

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    private final Queue<Claim> claims = new ConcurrentLinkedQueue<>();
    private final AtomicInteger claimStatements = new AtomicInteger();

    private record Publication(String key, String eventId, UniEmitter<? super Void> done) {}

    private record Claim(
            String key, String source, String subject, OffsetDateTime staleBefore, UniEmitter<? super Boolean> done) {}

    /**
     * True when this call claimed the delivery; false when it was seen before (a duplicate). Up to
     * {@link #MAX_CLAIM_STATEMENTS} statements run at once; claims that arrive while they do are written together by
     * the next one (one insert of many rows), so PostgreSQL's work per webhook falls as the load rises. Of two copies
     * in one batch the first is claimed and the second is a duplicate, exactly as if they had come one after the other.
     * Should the database refuse a batch, its claims are tried one by one, so that only the claim it refuses fails.
     */
    public Uni<Boolean> claim(String key, String source, String subject, OffsetDateTime staleBefore) {
        return Uni.createFrom().emitter(done -> {
            claims.add(new Claim(key, source, subject, staleBefore, done));
            writeClaims();
        });
    }

    private void writeClaims() {
        while (!claims.isEmpty()) {
            int running = claimStatements.get();
            if (running >= MAX_CLAIM_STATEMENTS) {
                return; // the end of a running statement writes what is queued
            }
            if (!claimStatements.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Claim> batch = new ArrayList<>();
            for (Claim next; batch.size() < MAX_BATCH && (next = claims.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                claimStatements.decrementAndGet();
                continue;
            }
            writeClaims(batch);
        }
    }

    private void writeClaims(List<Claim> batch) {
        Map<String, Claim> first = new LinkedHashMap<>();
        batch.forEach(claim -> first.putIfAbsent(claim.key(), claim));
        List<Claim> distinct = List.copyOf(first.values());
        insertClaims(distinct)
                .onFailure(failure -> distinct.size() > 1)
                // one claim the database refuses must not fail the others: each is tried on its own
                .recoverWithUni(failure -> isolate(distinct))
                .subscribe()
                .with(
                        claimed -> {
                            claimStatements.decrementAndGet();
                            for (Claim claim : batch) {
                                Outcome outcome = first.get(claim.key()) == claim
                                        ? claimed.getOrDefault(claim.key(), Outcome.DUPLICATE)
                                        : Outcome.DUPLICATE;
                                if (outcome instanceof Outcome.Failed failed) {
                                    claim.done().fail(failed.failure());
                                } else {
                                    claim.done().complete(outcome == Outcome.CLAIMED);
                                }
                            }
                            writeClaims();
                        },
                        failure -> {
                            claimStatements.decrementAndGet();
                            batch.forEach(claim -> claim.done().fail(failure));
                            writeClaims();
                        });
    }

    /** What became of one claim of a batch. */
    private sealed interface Outcome {
        Outcome CLAIMED = new Claimed();
        Outcome DUPLICATE = new Duplicate();

        record Claimed() implements Outcome {}

        record Duplicate() implements Outcome {}

        record Failed(Throwable failure) implements Outcome {}
    }

    /** One insert of the distinct claims; the keys it claimed map to CLAIMED, the others are duplicates. */
    private Uni<Map<String, Outcome>> insertClaims(List<Claim> distinct) {
        OffsetDateTime staleBefore = distinct.stream()
                .map(Claim::staleBefore)
                .min(OffsetDateTime::compareTo)
                .orElseThrow();
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(
                        distinct.stream().map(Claim::key).toArray(String[]::new),
                        distinct.stream().map(Claim::source).toArray(String[]::new),
                        distinct.stream().map(Claim::subject).toArray(String[]::new),
                        OffsetDateTime.now(ZoneOffset.UTC),
                        staleBefore))
                .map(rows -> {
                    Map<String, Outcome> claimed = new HashMap<>();
                    rows.forEach(row -> claimed.put(row.getString(0), Outcome.CLAIMED));
                    return claimed;
                });
    }

    /** Each claim of a failed batch in a statement of its own, one after the other; a failure stays that claim's. */
    private Uni<Map<String, Outcome>> isolate(List<Claim> distinct) {
        Map<String, Outcome> outcomes = new HashMap<>();
        return Multi.createFrom()
                .iterable(distinct)
                .onItem()
                .transformToUniAndConcatenate(claim -> insertClaims(List.of(claim))
                        .onFailure()
                        .recoverWithItem(failure -> Map.of(claim.key(), new Outcome.Failed(failure))))
                .onItem()
                .invoke(outcomes::putAll)
                .collect()
                .last()
                .replaceWith(outcomes);
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

    /** Whether the delivery's event was published (false while it is only claimed, or when it is not known). */
    public Uni<Boolean> published(String key) {
        return pool.preparedQuery(STATUS).execute(Tuple.of(key)).map(rows -> {
            var found = rows.iterator();
            return found.hasNext() && "PUBLISHED".equals(found.next().getString("status"));
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
