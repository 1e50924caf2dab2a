package io.gitopsflow.local;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record that lands on a topic of the contract or its dead-letter topic from the moment the feed starts, read
 * back into its event, kept in order of arrival and handed to listeners: what the live view prints and what the
 * end-to-end test and the stack benchmark wait for. It reads with no consumer group, so it takes nothing from the
 * services.
 */
public final class EventFeed implements AutoCloseable {

    /**
     * One record as the feed read it.
     *
     * @param record the Kafka record
     * @param event the event it carries, or null for a dead letter or a record that is not a valid event
     * @param producedAt the record's timestamp (when its producer sent it)
     */
    public record Received(ConsumerRecord<String, byte[]> record, GitopsFlowEvent event, Instant producedAt) {

        public boolean deadLetter() {
            return record.topic().endsWith(".dlq");
        }

        /** The event if it is a {@code type}. */
        public <T extends GitopsFlowEvent> Optional<T> as(Class<T> type) {
            return type.isInstance(event) ? Optional.of(type.cast(event)) : Optional.empty();
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private EventFeed(KafkaConsumer<String, byte[]> consumer) {
        thread = new Thread(() -> follow(consumer), "event-feed");
        thread.setDaemon(true);
    }

    /** Follows every topic of the contract on {@code bootstrapServers} from their current ends. */
    public static EventFeed start(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = new ArrayList<>();
        for (EventType<?> type : EventType.all()) {
            for (String topic : List.of(type.topic(), type.deadLetterTopic())) {
                consumer.partitionsFor(topic)
                        .forEach(partition -> partitions.add(new TopicPartition(topic, partition.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the end offsets now, so nothing produced after start is missed
        partitions.forEach(consumer::position);
        EventFeed feed = new EventFeed(consumer);
        feed.thread.start();
        return feed;
    }

    /** Tells {@code listener} of every record from now on. */
    public void onRecord(Consumer<Received> listener) {
        listeners.add(listener);
    }

    /** Everything read so far, in order of arrival. */
    public List<Received> all() {
        return List.copyOf(received);
    }

    /** The events of {@code type} read so far that match. */
    public <T extends GitopsFlowEvent> List<T> events(Class<T> type, Predicate<T> match) {
        return received.stream()
                .map(r -> r.as(type))
                .flatMap(Optional::stream)
                .filter(match)
                .toList();
    }

    /** Waits up to {@code timeout} for the first record (read before or after the call) that matches. */
    public Received await(Predicate<Received> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Received r : received) {
                if (match.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no matching event within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Waits for the first event of {@code type} that matches, and answers it with its record. */
    public <T extends GitopsFlowEvent> Received await(Class<T> type, Predicate<T> match, Duration timeout) {
        return await(r -> r.as(type).filter(match).isPresent(), timeout);
    }

    private void follow(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Received r = new Received(record, decode(record), Instant.ofEpochMilli(record.timestamp()));
                    received.add(r);
                    for (Consumer<Received> listener : listeners) {
                        try {
                            listener.accept(r);
                        } catch (RuntimeException e) {
                            System.err.printf("event feed listener failed: %s%n", e);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running.get()) {
                System.err.printf("event feed stopped: %s%n", e);
            }
        }
    }

    private static GitopsFlowEvent decode(ConsumerRecord<String, byte[]> record) {
        if (record.topic().endsWith(".dlq")) {
            return null;
        }
        return EventType.forTopic(record.topic())
                .flatMap(type -> KafkaTestClient.decode(type, record))
                .map(EventEnvelope::data)
                .orElse(null);
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
