package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.writer.ManifestWrite;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
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

    private final WriteDispatcher dispatcher;
    private final WriterResults results;

    public WriterService(WriteDispatcher dispatcher, WriterResults results) {
        this.dispatcher = dispatcher;
        this.results = results;
    }

    public Uni<Void> onPromotionRequested(EventEnvelope<PromotionRequested> event) {
        PromotionRequested request = event.data();
        return Panache.withTransaction(() -> ManifestWrite.<ManifestWrite>findById(request.requestId())
                        .chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().item(existing);
                            }
                            ManifestWrite write = new ManifestWrite();
                            write.requestId = request.requestId();
                            write.targetKey = BatchWriter.targetKey(request);
                            write.status = ManifestWrite.QUEUED;
                            write.requestJson = new String(EventCodec.encode(request), StandardCharsets.UTF_8);
                            write.correlationId = event.attributes().correlationId();
                            write.traceparent = event.attributes().traceparent();
                            write.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                            return write.<ManifestWrite>persist().replaceWith((ManifestWrite) null);
                        }))
                .chain(existing -> {
                    if (existing == null) {
                        dispatcher.wake();
                        return Uni.createFrom().voidItem();
                    }
                    if (existing.finished()) {
                        LOG.infof(
                                "request %s was answered %s: publishing the answer again",
                                existing.requestId, existing.status);
                        return results.publish(existing);
                    }
                    return Uni.createFrom().voidItem(); // queued or being written: answered when written
                });
    }
}
