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
import org.jboss.logging.Logger;

/**
 * Takes a {@code promotion-requested} in: a request already answered publishes its stored answer again (a redelivery
 * never writes twice); a new one is queued durably and the {@link WriteDispatcher} writes it with the other requests
 * of its repository and branch. The record's offset is committed once this is stored.
 */
@ApplicationScoped
public class WriterService {

    private static final Logger LOG = Logger.getLogger(WriterService.class);

    private static final String QUEUE = "insert into manifest_write"
            + " (request_id, target_key, status, request_json, correlation_id, traceparent, created_at)"
            + " values ($1, $2, 'QUEUED', $3, $4, $5, $6) on conflict (request_id) do nothing";

    private final WriteDispatcher dispatcher;
    private final WriterResults results;
    private final Pool pool;

    public WriterService(WriteDispatcher dispatcher, WriterResults results, Pool pool) {
        this.dispatcher = dispatcher;
        this.results = results;
        this.pool = pool;
    }

    public Uni<Void> onPromotionRequested(EventEnvelope<PromotionRequested> event) {
        PromotionRequested request = event.data();
        // one round trip: a burst of requests for one branch arrives on one partition, so this bounds the intake rate
        return pool.preparedQuery(QUEUE)
                .execute(Tuple.from(new Object[] {
                    request.requestId(),
                    BatchWriter.targetKey(request),
                    new String(EventCodec.encode(request), StandardCharsets.UTF_8),
                    event.attributes().correlationId(),
                    event.attributes().traceparent(),
                    OffsetDateTime.now(ZoneOffset.UTC)
                }))
                .chain(rows -> {
                    if (rows.rowCount() == 1) {
                        dispatcher.wake();
                        return Uni.createFrom().voidItem();
                    }
                    return Panache.withSession(() -> ManifestWrite.<ManifestWrite>findById(request.requestId()))
                            .chain(existing -> {
                                if (existing == null || !existing.finished()) {
                                    return Uni.createFrom()
                                            .voidItem(); // queued or being written: answered when written
                                }
                                LOG.infof(
                                        "request %s was answered %s: publishing the answer again",
                                        existing.requestId, existing.status);
                                return results.publish(existing);
                            });
                });
    }
}
