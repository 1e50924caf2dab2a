package io.gitopsflow.local.chaos;

import io.gitopsflow.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record on the contract's dead-letter topics ({@link EventType#deadLetterTopic()}), read from the beginning up
 * to the end offsets of the moment of reading, with no consumer group (it takes nothing from anyone). A fault of the
 * infrastructure is never a record's fault, so after a chaos run each of these is a defect; the reason SmallRye's
 * dead-letter strategy writes into the headers says which.
 */
final class DeadLetters {

    /** One dead letter: where it is, when it was written, and why. */
    record DeadLetter(String topic, int partition, long offset, Instant at, String reason) {

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset + " (" + at + "): " + reason;
        }
    }

    private static final List<String> REASON_HEADERS =
            List.of("dead-letter-reason", "dead-letter-cause", "dead-letter-exception-class-name");

    private DeadLetters() {}

    /** The dead letters written at or after {@code since} ({@link Instant#EPOCH}: all of them). */
    static List<DeadLetter> read(String bootstrapServers, Instant since) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (EventType<?> type : EventType.all()) {
                consumer.partitionsFor(type.deadLetterTopic(), Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reachedEnds(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the dead-letter topics were not read to their ends in 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Instant at = Instant.ofEpochMilli(record.timestamp());
                    if (!at.isBefore(since)) {
                        found.add(new DeadLetter(
                                record.topic(), record.partition(), record.offset(), at, reason(record)));
                    }
                }
            }
        }
        return found;
    }

    private static boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        List<String> parts = new ArrayList<>();
        for (String name : REASON_HEADERS) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                parts.add(new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return parts.isEmpty() ? "(no reason header)" : String.join("; ", parts);
    }
}
