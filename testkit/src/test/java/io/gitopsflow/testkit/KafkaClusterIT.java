package io.gitopsflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared real broker: a CloudEvent goes through it with key and headers intact; poison records stay raw. */
class KafkaClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @BeforeAll
    static void start() {
        KafkaCluster.shared().createTopics(3, List.of("testkit-" + EventType.COMMIT_PUSHED.topic()));
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void carriesACloudEventWithKeyAndHeadersIntact() {
        CommitPushed pushed = push("acme/books-api");

        CloudEventAttributes sent = kafka.produce(EventType.COMMIT_PUSHED, pushed, pushed.after());

        var received = kafka.awaitEvent(
                EventType.COMMIT_PUSHED, event -> event.attributes().id().equals(sent.id()), WAIT);
        assertThat(received.data()).isEqualTo(pushed);
        assertThat(received.attributes()).isEqualTo(sent);
        ConsumerRecord<String, byte[]> record = kafka.awaitRecords(
                        EventType.COMMIT_PUSHED.topic(),
                        1,
                        r -> sent.id().equals(KafkaTestClient.header(r, KafkaCloudEventHeaders.ID)),
                        WAIT)
                .get(0);
        assertThat(record.key()).isEqualTo("acme/books-api");
        assertThat(KafkaTestClient.header(record, "ce_correlationid")).isEqualTo(pushed.after());
        assertThat(KafkaTestClient.header(record, "content-type")).isEqualTo("application/json");
    }

    @Test
    void keepsAPoisonRecordRawSoATestCanFindItAndTheDecoderRefusesIt() {
        String key = "acme/poison-" + UUID.randomUUID();
        byte[] poison = "\u0000\u0001 not an event".getBytes(StandardCharsets.UTF_8);

        kafka.produceRaw(EventType.COMMIT_PUSHED.topic(), key, poison, Map.of("ce_type", "nonsense"));

        ConsumerRecord<String, byte[]> record = kafka.awaitRecords(
                        EventType.COMMIT_PUSHED.topic(), 1, r -> key.equals(r.key()), WAIT)
                .get(0);
        assertThat(record.value()).isEqualTo(poison);
        assertThat(KafkaTestClient.decode(EventType.COMMIT_PUSHED, record)).isEmpty();
    }

    @Test
    void createsTopicsWithPartitionsAndFailsClearlyWhenNothingArrives() {
        String topic = "testkit-" + UUID.randomUUID();
        KafkaCluster.shared().createTopics(3, List.of(topic));
        KafkaCluster.shared().createTopics(3, List.of(topic));

        assertThat(kafka.readAll(topic, r -> true)).isEmpty();
        assertThatThrownBy(() -> kafka.awaitRecords(topic, 1, r -> true, Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 1 matching records on " + topic);
    }

    private static CommitPushed push(String repository) {
        String sha = "3f2a1b9d8078be626f85db9ef09ed1744a58cf66";
        return new CommitPushed(
                UUID.randomUUID().toString(),
                CommitPushed.GitProvider.GITEA,
                new CommitPushed.GitRepository(repository, "http://git.example.com/" + repository + ".git", null, null),
                "refs/heads/main",
                CommitPushed.RefType.BRANCH,
                "main",
                "0000000000000000000000000000000000000000",
                sha,
                List.of(new CommitPushed.Commit(
                        sha,
                        "Add books endpoint",
                        Instant.parse("2026-11-20T10:15:30Z"),
                        new CommitPushed.GitIdentity("Ana", "ana@example.com"),
                        null,
                        List.of("src/Books.java"),
                        List.of(),
                        List.of())),
                false,
                1,
                new CommitPushed.GitIdentity("ana", null),
                Instant.parse("2026-11-20T10:15:31Z"));
    }
}
