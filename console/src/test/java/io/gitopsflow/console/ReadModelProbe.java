package io.gitopsflow.console;

import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.ScriptedFlow.Step;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.testkit.KafkaTestClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Sends events on the broker one at a time, each awaited in the read model (so the projection sees them in the order
 * a test chooses), and reads single values back: what the projection's ITs share.
 */
final class ReadModelProbe {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final AgroalDataSource database;
    private final KafkaTestClient kafka;

    ReadModelProbe(AgroalDataSource database, KafkaTestClient kafka) {
        this.database = database;
        this.kafka = kafka;
    }

    /** Now, to the millisecond, as the events carry it. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Sends a new event with no correlation id and waits until the read model stored it. */
    <T extends GitopsFlowEvent> void send(EventType<T> type, T event) {
        CloudEventAttributes sent = kafka.produce(type, event, null);
        awaitStored(sent.id());
    }

    /** Sends each step and waits until the read model stored it, so the projection sees them in this order. */
    void sendOneByOne(List<Step<?>> steps) {
        for (Step<?> step : steps) {
            step.send(kafka);
            awaitStored(step.id());
        }
    }

    private void awaitStored(String eventId) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "1".equals(text("select count(*) from flow_event where event_id = ?", eventId)));
    }

    /** Waits until the console's consumer group committed past every record sent: the projection has seen them. */
    static void awaitConsumed(List<RecordMetadata> sent) throws Exception {
        String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            await().atMost(WAIT).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("console")
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                return sent.stream().allMatch(record -> {
                    OffsetAndMetadata offset = committed.get(new TopicPartition(record.topic(), record.partition()));
                    return offset != null && offset.offset() > record.offset();
                });
            });
        }
    }

    /** The first column of the first row of {@code query} with {@code key}, as text, or null. */
    String text(String query, String key) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    /** The first column of the first row of {@code query} with {@code key}, as an instant, or null. */
    Instant instant(String query, String key) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                Timestamp value = result.next() ? result.getTimestamp(1) : null;
                return value == null ? null : value.toInstant();
            }
        }
    }
}
