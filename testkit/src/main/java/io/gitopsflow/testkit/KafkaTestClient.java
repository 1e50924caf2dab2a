package io.gitopsflow.testkit;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays another service on the real topics: produces gitops-flow events as binary-mode CloudEvents (or raw records),
 * and waits for records on a topic. Reads always start from the beginning of the topic, without a consumer group,
 * so it never takes records away from the service under test.
 */
public final class KafkaTestClient implements AutoCloseable {

    /** The CloudEvent source of events a test produces. */
    public static final URI TEST_SOURCE = URI.create("/gitops-flow/test");

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** A client of the shared broker. */
    public static KafkaTestClient shared() {
        return new KafkaTestClient(KafkaCluster.shared().bootstrapServers());
    }

    /** Produces {@code data} as a CloudEvent with the contract's key, and waits for the broker's acknowledgement. */
    public <T extends GitopsFlowEvent> CloudEventAttributes produce(EventType<T> type, T data, String correlationId) {
        CloudEventAttributes attributes = CloudEventAttributes.newEvent(type, data, TEST_SOURCE, correlationId, null);
        produce(type, new EventEnvelope<>(attributes, data));
        return attributes;
    }

    /** Produces an event with the given attributes (a redelivery keeps its id). */
    public <T extends GitopsFlowEvent> RecordMetadata produce(EventType<T> type, EventEnvelope<T> event) {
        return produceRaw(
                type.topic(),
                event.data().partitionKey(),
                EventCodec.encode(event.data()),
                KafkaCloudEventHeaders.toHeaders(event.attributes()));
    }

    /**
     * Produces every event at once (each a new CloudEvent with the contract's key, sent without waiting for the one
     * before) and waits until the broker acknowledged them all.
     */
    public <T extends GitopsFlowEvent> List<CloudEventAttributes> produceAll(
            EventType<T> type, List<T> events, Function<T, String> correlationId) {
        return produceAll(type.topic(), type, events, correlationId);
    }

    /**
     * {@link #produceAll(EventType, List, Function)} onto another {@code topic}: a benchmark warms its own producing
     * up on a topic no service reads, so what it measures is not its own JIT.
     */
    public <T extends GitopsFlowEvent> List<CloudEventAttributes> produceAll(
            String topic, EventType<T> type, List<T> events, Function<T, String> correlationId) {
        List<CloudEventAttributes> sent = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (T data : events) {
            CloudEventAttributes attributes =
                    CloudEventAttributes.newEvent(type, data, TEST_SOURCE, correlationId.apply(data), null);
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, data.partitionKey(), EventCodec.encode(data));
            KafkaCloudEventHeaders.toHeaders(attributes)
                    .forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            acks.add(producer.send(record));
            sent.add(attributes);
        }
        for (Future<RecordMetadata> ack : acks) {
            await(ack, topic);
        }
        return sent;
    }

    /** Produces any record, e.g. a poison one, and waits for the acknowledgement. */
    public RecordMetadata produceRaw(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        return await(producer.send(record), topic);
    }

    private static RecordMetadata await(Future<RecordMetadata> ack, String topic) {
        try {
            return ack.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code count} records of {@code topic} match, and returns them in offset order per partition. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(
            String topic, int count, Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " matching records on " + topic + " within " + timeout
                    + ", found " + found.size());
        }
        return found;
    }

    /** All records of {@code topic} that match, reading until the end as it is now. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
            List<TopicPartition> partitions =
                    partitionsOf(consumer, topic, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Waits for the first event of {@code type} that matches, read back into its record. */
    public <T extends GitopsFlowEvent> EventEnvelope<T> awaitEvent(
            EventType<T> type, Predicate<EventEnvelope<T>> match, Duration timeout) {
        return awaitRecords(
                        type.topic(),
                        1,
                        record -> decode(type, record).filter(match).isPresent(),
                        timeout)
                .stream()
                .map(record -> decode(type, record).orElseThrow())
                .findFirst()
                .orElseThrow();
    }

    /** The record read back as an event of {@code type}, or empty when it is not one. */
    public static <T extends GitopsFlowEvent> Optional<EventEnvelope<T>> decode(
            EventType<T> type, ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(EventCodec.decode(type, name -> header(record, name), record.value()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The last value of header {@code name} as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        return lastHeader(record.headers(), name);
    }

    private static String lastHeader(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, long deadline) {
        while (true) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " does not exist");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
