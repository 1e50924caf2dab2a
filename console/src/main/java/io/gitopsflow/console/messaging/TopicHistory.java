package io.gitopsflow.console.messaging;

import io.gitopsflow.console.service.IncomingEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the topics hold, from their earliest offsets up to their ends as they were when the read started, a
 * poll at a time, for a replay. It uses no consumer group (partitions assigned, nothing committed), so it takes
 * nothing from the live consumer and can run beside it; it connects with the same {@code kafka.*} settings as the
 * channels (brokers, security).
 */
@ApplicationScoped
public class TopicHistory {

    /** Takes each poll's records, in offset order per partition. */
    @FunctionalInterface
    public interface PollHandler {
        void handle(List<IncomingEvent> records) throws Exception;
    }

    /**
     * What was read.
     *
     * @param topics the topics read (those of the request that exist on the broker)
     * @param missing the topics of the request that do not exist on the broker (nothing to read)
     * @param records how many records were read
     */
    public record Read(List<String> topics, List<String> missing, long records) {}

    private static final Duration POLL = Duration.ofMillis(500);
    // polls that bring nothing while records remain: the broker is away, and the replay fails rather than hang
    private static final Duration STALLED = Duration.ofMinutes(2);

    private final Map<String, Object> kafka;

    public TopicHistory(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Reads every record of {@code topics} up to their current ends and hands each poll to {@code handler}. */
    public Read readAll(List<String> topics, int maxPollRecords, PollHandler handler) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = consumer(maxPollRecords)) {
            Set<String> present = consumer.listTopics().keySet();
            List<String> read = topics.stream().filter(present::contains).toList();
            List<String> missing =
                    topics.stream().filter(topic -> !present.contains(topic)).toList();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : read) {
                consumer.partitionsFor(topic)
                        .forEach(partition -> partitions.add(new TopicPartition(topic, partition.partition())));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long progressed = System.nanoTime();
            while (!caughtUp(consumer, ends)) {
                List<IncomingEvent> poll = new ArrayList<>();
                ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
                if (!polled.isEmpty()) {
                    progressed = System.nanoTime();
                } else if (System.nanoTime() - progressed > STALLED.toNanos()) {
                    throw new IllegalStateException("no record came for " + STALLED.toMinutes()
                            + " minutes before the ends of the topics were reached: is the broker away?");
                }
                for (ConsumerRecord<String, byte[]> record : polled) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        poll.add(incoming(record));
                    }
                }
                if (!poll.isEmpty()) {
                    handler.handle(poll);
                    records += poll.size();
                }
            }
            return new Read(read, missing, records);
        }
    }

    /** Whether every partition was read up to its end, pausing those that were so no later record is fetched. */
    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        boolean all = true;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) >= end.getValue()) {
                consumer.pause(List.of(end.getKey()));
            } else {
                all = false;
            }
        }
        return all;
    }

    private KafkaConsumer<String, byte[]> consumer(int maxPollRecords) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-replay");
        return new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static IncomingEvent incoming(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        return new IncomingEvent(
                record.topic(), record.partition(), record.offset(), name -> lastHeader(headers, name), record.value());
    }

    private static String lastHeader(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
