package io.gitopsflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker of the fault harness goes down (cleanly or killed) and comes back as the same broker: a send made during
 * the outage is retried by the producer and lands, a consumer group resumes after its committed offset, topics keep
 * their partitions. A broker of its own, so the shared one is never down: one start and two restarts, 28 to 34 s under a
 * load average of 19 to 27 on two cores.
 */
class EmbeddedKafkaBrokerRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = "acme/books-api";
    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                120_000,
                // after a clean stop the producer forgets the topic's partitions: send() waits for them this long
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                120_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                500,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    @AfterEach
    void bringBack() {
        broker.startServer();
    }

    @AfterAll
    static void stop() {
        producer.close(Duration.ofSeconds(5));
        broker.stop();
        assertThat(broker.folder()).doesNotExist();
    }

    @Test
    void aCleanStopKeepsRecordsOffsetsAndTopicsAndASendDuringTheOutageLandsAfterTheRestart() throws Exception {
        survivesAnOutage("restart-clean", RestartableBroker::stopServer);
    }

    @Test
    void aKilledBrokerComesBackWithEverythingItAcknowledged() throws Exception {
        survivesAnOutage("restart-killed", RestartableBroker::killServer);
    }

    @Test
    void theSharedInterfaceOffersTheRestartOfTheApacheKafkaBroker() {
        assertThat(broker.restartable()).containsSame(broker);
    }

    private void survivesAnOutage(String topic, Consumer<RestartableBroker> takeDown) throws Exception {
        broker.createTopics(3, List.of(topic));
        for (int i = 0; i < 5; i++) {
            producer.send(new ProducerRecord<>(topic, KEY, "before-" + i)).get(30, TimeUnit.SECONDS);
        }
        String group = topic + "-group";
        try (KafkaConsumer<String, String> consumer = consumer(group, topic)) {
            assertThat(pollUntil(consumer, 5))
                    .containsExactly("before-0", "before-1", "before-2", "before-3", "before-4");
            consumer.commitSync();
        }
        Path meta = broker.folder().resolve("data").resolve("meta.properties");
        String formatted = Files.readString(meta);
        long pid = broker.pid();

        long down = System.nanoTime();
        takeDown.accept(broker);
        long stopped = System.nanoTime();
        assertThat(broker.running()).isFalse();
        // on a thread of its own: send() itself may wait for the broker (metadata), the rest of the wait is the retry
        CompletableFuture<RecordMetadata> duringOutage = CompletableFuture.supplyAsync(() -> sendAndWait(topic));
        assertThat(duringOutage)
                .as("nothing acknowledges a send while the broker is down")
                .isNotDone();
        broker.startServer();
        System.out.printf(
                "Kafka broker %s in %d ms, serving again %d ms after the restart began (stop to ready %d ms)%n",
                topic,
                TimeUnit.NANOSECONDS.toMillis(stopped - down),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down));

        assertThat(broker.running()).isTrue();
        assertThat(broker.pid()).isNotEqualTo(pid);
        assertThat(Files.readString(meta))
                .as("the storage is formatted once: same cluster id after the restart")
                .isEqualTo(formatted)
                .contains("cluster.id=" + broker.clusterId());
        assertThat(duringOutage.get(WAIT.toSeconds(), TimeUnit.SECONDS).offset())
                .as("the producer retried the send and it landed after the five before it")
                .isEqualTo(5);
        try (KafkaConsumer<String, String> consumer = consumer(group, topic)) {
            assertThat(pollUntil(consumer, 1))
                    .as("the group resumes after its committed offset and reads nothing twice")
                    .containsExactly("during-outage");
        }
        try (KafkaConsumer<String, String> consumer = consumer(group + "-fresh", topic)) {
            assertThat(pollUntil(consumer, 6)).hasSize(6).endsWith("during-outage");
        }
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            var description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(description.get(topic).partitions()).hasSize(3);
        }
    }

    private static RecordMetadata sendAndWait(String topic) {
        try {
            return producer.send(new ProducerRecord<>(topic, KEY, "during-outage"))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the send during the outage failed", e.getCause());
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Polls until {@code count} records arrived; records of one key come in order, so a re-read shows first. */
    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
            return values.size() >= count;
        });
        return values;
    }
}
