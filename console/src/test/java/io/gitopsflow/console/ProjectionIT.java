package io.gitopsflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The projection on the real broker and database: an event is stored once however often it arrives, and a record that
 * is not an event of the contract goes to its topic's dead-letter topic with the reason while the flow goes on.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class ProjectionIT {

    private static KafkaTestClient kafka;
    private final AgroalDataSource database;

    ProjectionIT(AgroalDataSource database) {
        this.database = database;
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aRedeliveredEventIsStoredOnce() throws SQLException {
        String commit = FlowEvents.sha();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CommitPushed push = FlowEvents.commitPushed(FlowEvents.name("acme/books"), commit, at.minusSeconds(60), at);
        CloudEventAttributes first = kafka.produce(EventType.COMMIT_PUSHED, push, commit);
        kafka.produce(EventType.COMMIT_PUSHED, new EventEnvelope<>(first, push));
        String marker = FlowEvents.sha();
        kafka.produce(EventType.COMMIT_PUSHED, FlowEvents.commitPushed("acme/marker", marker, at, at), marker);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("commit_sha", marker) == 1);
        assertThat(count("commit_sha", commit)).isEqualTo(1);
        assertThat(count("event_id", first.id())).isEqualTo(1);
        assertThat(one("select repository from commit_push where commit_sha = ?", commit))
                .isEqualTo(push.repository().fullName());
    }

    @Test
    void aRecordThatIsNotAnEventGoesToItsDeadLetterTopicAndTheFlowGoesOn() {
        String commit = FlowEvents.sha();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CommitPushed push = FlowEvents.commitPushed("acme/books", commit, at, at);
        Map<String, String> headers = new HashMap<>(KafkaCloudEventHeaders.toHeaders(CloudEventAttributes.newEvent(
                EventType.COMMIT_PUSHED, push, KafkaTestClient.TEST_SOURCE, commit, null)));
        kafka.produceRaw("commit-pushed", "acme/books", "{\"after\":".getBytes(StandardCharsets.UTF_8), headers);
        headers.put(KafkaCloudEventHeaders.TYPE, "io.gitopsflow.unknown.v9");
        kafka.produceRaw("commit-pushed", "acme/books", "{}".getBytes(StandardCharsets.UTF_8), headers);
        kafka.produce(EventType.COMMIT_PUSHED, push, commit);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("commit_sha", commit) == 1);
        var refused = kafka.awaitRecords(
                "commit-pushed.dlq",
                2,
                record -> commit.equals(KafkaTestClient.header(record, KafkaCloudEventHeaders.CORRELATION_ID)),
                Duration.ofSeconds(30));
        assertThat(refused)
                .extracting(
                        (ConsumerRecord<String, byte[]> record) -> KafkaTestClient.header(record, "dead-letter-reason"))
                .anySatisfy(reason -> assertThat(reason).contains("malformed JSON"))
                .anySatisfy(
                        reason -> assertThat(reason).contains("does not read events of type io.gitopsflow.unknown.v9"));
    }

    private int count(String column, String value) throws SQLException {
        return Integer.parseInt(one("select count(*) from flow_event where " + column + " = ?", value));
    }

    private String one(String query, String key) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
