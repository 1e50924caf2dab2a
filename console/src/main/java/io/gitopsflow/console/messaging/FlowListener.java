package io.gitopsflow.console.messaging;

import io.gitopsflow.console.config.ConsoleConfig;
import io.gitopsflow.console.service.IncomingEvent;
import io.gitopsflow.console.service.Projection;
import io.gitopsflow.console.service.ProjectionResult;
import io.gitopsflow.console.service.ReadModelSchema;
import io.gitopsflow.messaging.EventReceiver;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes every topic of the contract in, a whole poll at a time, and hands it to the {@link Projection} on a worker
 * thread, again after a backoff while the database is away (the partitions wait, readiness says why, nothing goes to a
 * dead-letter topic). Records the projection refused go to their {@code <topic>.dlq}; the poll's offsets are committed
 * only after the read model and those sends are durable.
 */
@ApplicationScoped
public class FlowListener {

    private final Projection projection;
    private final EventReceiver receiver;
    private final DeadLetters deadLetters;
    private final ReadModelSchema schema;

    public FlowListener(Projection projection, EventReceiver receiver, DeadLetters deadLetters, ConsoleConfig config) {
        this.projection = projection;
        this.receiver = receiver;
        this.deadLetters = deadLetters;
        this.schema = new ReadModelSchema(config.schema());
    }

    @Incoming("flow")
    public Uni<Void> onFlow(KafkaRecordBatch<String, byte[]> batch) {
        List<IncomingEvent> records =
                batch.getRecords().stream().map(FlowListener::incoming).toList();
        AtomicReference<ProjectionResult> result = new AtomicReference<>();
        return receiver.whileAway(
                        "flow",
                        "a poll of " + records.size() + " record(s)",
                        () -> Uni.createFrom()
                                .item(() -> project(records))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                                .invoke(result::set)
                                .replaceWithVoid())
                .chain(() -> deadLetters.send(result.get().poison()))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private ProjectionResult project(List<IncomingEvent> records) {
        try {
            return projection.apply(records, schema, true);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the read model database failed: " + e.getMessage(), e);
        }
    }

    /** The record as the projection takes it. */
    static IncomingEvent incoming(KafkaRecord<String, byte[]> record) {
        Headers headers = record.getHeaders();
        long offset = record.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                .map(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
        return new IncomingEvent(
                record.getTopic(),
                record.getPartition(),
                offset,
                name -> lastHeader(headers, name),
                record.getPayload());
    }

    private static String lastHeader(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
