package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.writer.ManifestWrite;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Takes {@code promotion-requested} in, a whole Kafka poll at a time: the new requests are queued durably in one
 * statement and the {@link WriteDispatcher} writes them with the other requests of their repository and branch; a
 * request already answered publishes its stored answer again (a redelivery never writes twice). The poll's offsets are
 * committed once this is stored.
 */
@ApplicationScoped
public class WriterService {

    private static final Logger LOG = Logger.getLogger(WriterService.class);

    /* One round trip for a whole poll: a burst of requests for one branch arrives on one partition, in one poll. */
    private static final String QUEUE = "insert into manifest_write"
            + " (request_id, target_key, status, request_json, correlation_id, traceparent, created_at)"
            + " select id, target_key, 'QUEUED', request_json, correlation_id, traceparent, created_at from unnest("
            + "$1::varchar[], $2::varchar[], $3::text[], $4::varchar[], $5::varchar[], $6::timestamptz[])"
            + " as queued (id, target_key, request_json, correlation_id, traceparent, created_at)"
            + " on conflict (request_id) do nothing returning request_id";

    private final WriteDispatcher dispatcher;
    private final WriterResults results;
    private final Pool pool;
    /** The last {@code created_at} given: requests are written in arrival order, so every one gets a later time. */
    private final AtomicReference<OffsetDateTime> lastQueued =
            new AtomicReference<>(OffsetDateTime.now(ZoneOffset.UTC));

    public WriterService(WriteDispatcher dispatcher, WriterResults results, Pool pool) {
        this.dispatcher = dispatcher;
        this.results = results;
        this.pool = pool;
    }

    /** Queues {@code events} (in the order they were read) and completes when they are stored. */
    public Uni<Void> onPromotionsRequested(List<EventEnvelope<PromotionRequested>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = events.size();
        String[] ids = new String[size];
        String[] keys = new String[size];
        String[] json = new String[size];
        String[] correlations = new String[size];
        String[] traceparents = new String[size];
        OffsetDateTime[] created = new OffsetDateTime[size];
        OffsetDateTime first = lastQueued.updateAndGet(last -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            OffsetDateTime after = last.plusNanos(1_000);
            return now.isAfter(after) ? now : after;
        });
        for (int i = 0; i < size; i++) {
            EventEnvelope<PromotionRequested> event = events.get(i);
            PromotionRequested request = event.data();
            ids[i] = request.requestId();
            keys[i] = BatchWriter.targetKey(request);
            json[i] = new String(EventCodec.encode(request), StandardCharsets.UTF_8);
            correlations[i] = event.attributes().correlationId();
            traceparents[i] = event.attributes().traceparent();
            // PostgreSQL keeps microseconds: one apart keeps the order of the poll
            created[i] = first.plusNanos(1_000L * i);
        }
        lastQueued.accumulateAndGet(created[size - 1], (a, b) -> a.isAfter(b) ? a : b);
        return pool.preparedQuery(QUEUE)
                .execute(Tuple.of(ids, keys, json, correlations, traceparents, created))
                .chain(rows -> {
                    Set<String> queued = new HashSet<>();
                    rows.forEach(row -> queued.add(row.getString("request_id")));
                    LOG.debugf("queued %d new request(s) of a poll of %d", queued.size(), size);
                    if (!queued.isEmpty()) {
                        List<PromotionRequested> fresh = new ArrayList<>(queued.size());
                        events.forEach(event -> {
                            if (queued.contains(event.data().requestId())) {
                                fresh.add(event.data());
                            }
                        });
                        dispatcher.queued(fresh);
                    }
                    List<String> known = new ArrayList<>();
                    for (String id : ids) {
                        if (!queued.contains(id) && !known.contains(id)) {
                            known.add(id);
                        }
                    }
                    return known.isEmpty() ? Uni.createFrom().voidItem() : publishAgain(known);
                });
    }

    /** Requests already in the queue: those answered publish their stored answer again; the others are answered later. */
    private Uni<Void> publishAgain(List<String> ids) {
        return Panache.withSession(() -> ManifestWrite.<ManifestWrite>list("requestId in ?1 order by createdAt", ids))
                .chain(existing -> {
                    List<ManifestWrite> answered = new ArrayList<>();
                    for (ManifestWrite write : existing) {
                        // queued or being written: answered when written
                        if (write.finished()) {
                            LOG.infof(
                                    "request %s was answered %s: publishing the answer again",
                                    write.requestId, write.status);
                            answered.add(write);
                        }
                    }
                    if (answered.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    // the poll's offsets wait for these: one Kafka did not take fails the poll
                    return results.publishAll(answered, Map.of())
                            .invoke(outcomes -> outcomes.stream()
                                    .filter(Objects::nonNull)
                                    .findFirst()
                                    .ifPresent(failure -> {
                                        throw new IllegalStateException(
                                                "cannot publish a stored answer again: " + failure.getMessage(),
                                                failure);
                                    }))
                            .replaceWithVoid();
                });
    }
}
