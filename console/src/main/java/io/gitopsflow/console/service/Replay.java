package io.gitopsflow.console.service;

import io.gitopsflow.console.messaging.TopicHistory;
import io.gitopsflow.console.repository.ReadModelSchemas;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Rebuilds the read model from the topics into an empty schema: the migrations first, then every record the live
 * consumer reads, from the earliest offsets up to the ends at the start, through the same {@link Projection} (so the
 * rebuilt schema is what the live one would be had it read the same records). Observers are not told: a replay sends
 * no notification. One replay at a time per instance: it is a long, heavy command.
 */
@ApplicationScoped
public class Replay {

    private final ReadModelSchemas schemas;
    private final TopicHistory history;
    private final Projection projection;
    private final List<String> topics;
    private final int maxPollRecords;
    private final AtomicBoolean running = new AtomicBoolean();

    public Replay(
            ReadModelSchemas schemas,
            TopicHistory history,
            Projection projection,
            @ConfigProperty(name = "mp.messaging.incoming.flow.topics") String topics,
            @ConfigProperty(name = "mp.messaging.incoming.flow.max.poll.records", defaultValue = "500")
                    int maxPollRecords) {
        this.schemas = schemas;
        this.history = history;
        this.projection = projection;
        this.topics = Arrays.stream(topics.split(","))
                .map(String::trim)
                .filter(topic -> !topic.isEmpty())
                .toList();
        this.maxPollRecords = maxPollRecords;
    }

    /**
     * Replays every topic into {@code schema}, which must not exist or be empty.
     *
     * @throws ReplayRefused when the schema holds tables already, or another replay is running
     * @throws IllegalStateException when the broker or the database failed (the schema is left partly rebuilt: drop
     *     it before replaying into it again)
     */
    public ReplayResult replay(ReadModelSchema schema) {
        if (!running.compareAndSet(false, true)) {
            throw new ReplayRefused("a replay is running on this instance; wait for its answer");
        }
        try {
            return replayInto(schema);
        } finally {
            running.set(false);
        }
    }

    private ReplayResult replayInto(ReadModelSchema schema) {
        long start = System.nanoTime();
        try {
            if (!schemas.isEmpty(schema)) {
                throw new ReplayRefused("schema " + schema.name()
                        + " exists and holds tables: a replay rebuilds into an empty schema only (drop it first, or"
                        + " name another)");
            }
            schemas.migrate(schema);
            Log.infof("replaying %s into schema %s", topics, schema.name());
            AtomicLong projected = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            TopicHistory.Read read = history.readAll(topics, maxPollRecords, records -> {
                ProjectionResult result = projection.apply(records, schema, false);
                projected.addAndGet(result.projected().size());
                duplicates.addAndGet(result.duplicates());
                refused.addAndGet(result.poison().size());
            });
            ReplayResult result = new ReplayResult(
                    schema.name(),
                    read.topics(),
                    read.missing(),
                    read.records(),
                    projected.get(),
                    duplicates.get(),
                    refused.get(),
                    Duration.ofNanos(System.nanoTime() - start));
            Log.infof("replay into schema %s done: %s", schema.name(), result);
            return result;
        } catch (ReplayRefused e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the replay into " + schema.name() + " failed: " + e.getMessage(), e);
        }
    }
}
