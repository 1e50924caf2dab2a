package io.gitopsflow.gateway.bench;

import io.gitopsflow.events.EventType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The physical limit of ingest here: the plain Kafka producer sending the webhooks' payloads, acks=all, as fast as it
 * can or with as many records in flight as the gateway has concurrent callers.
 */
final class RawProducer {

    private final String bootstrap;
    private final List<SignedPushes.Push> pushes;

    RawProducer(String bootstrap, List<SignedPushes.Push> pushes) {
        this.bootstrap = bootstrap;
        this.pushes = pushes;
    }

    /** Records per second over {@code records} sends, after 2,000 to warm the producer and the broker up. */
    double rate(int records) {
        return rate(records, Integer.MAX_VALUE);
    }

    /**
     * Records per second over {@code records} sends with at most {@code inFlight} of them not yet acknowledged: as
     * many senders as the gateway has concurrent callers, each waiting for its acknowledgement before the next send,
     * as each webhook waits for its event's before the 202. After 2,000 unlimited sends to warm up.
     */
    double rate(int records, int inFlight) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        1),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 2_000; i++) {
                producer.send(new ProducerRecord<>("benchmark-warmup", "acme/books-api", body(i)));
            }
            producer.flush();
            Semaphore unacknowledged = new Semaphore(inFlight);
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                unacknowledged.acquireUninterruptibly();
                producer.send(
                        new ProducerRecord<>(EventType.COMMIT_PUSHED.topic() + "-raw", "acme/books-api", body(i)),
                        (metadata, failure) -> unacknowledged.release());
            }
            producer.flush();
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    private byte[] body(int i) {
        return pushes.get(i % pushes.size()).body();
    }
}
