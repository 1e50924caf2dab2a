package io.gitopsflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventSamples;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.Topics;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka wiring every service uses, against the real broker: publish, consume, dead-letter queue. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EventWiringIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @Inject
    EventPublisher publisher;

    @Inject
    @Channel("image-published")
    MutinyEmitter<byte[]> imagePublished;

    @Inject
    RecordingConsumer consumer;

    @Inject
    KafkaClientService clients;

    @Inject
    ConsumerOutages outages;

    @Inject
    @Readiness
    ConsumerOutageCheck readiness;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void publishesABinaryModeCloudEventWithTheContractKeyOnTheEventTopic() {
        ImagePublished image = EventSamples.imagePublished();
        String correlation = EventSamples.HEAD_COMMIT;

        CloudEventAttributes sent = publisher
                .publish(imagePublished, EventType.IMAGE_PUBLISHED, image, correlation)
                .await()
                .atMost(WAIT);

        ConsumerRecord<String, byte[]> record = kafka.awaitRecords(
                        Topics.IMAGE_PUBLISHED,
                        1,
                        r -> sent.id().equals(KafkaTestClient.header(r, KafkaCloudEventHeaders.ID)),
                        WAIT)
                .get(0);
        assertThat(record.key()).isEqualTo(image.imageRepository());
        assertThat(KafkaTestClient.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("io.gitopsflow.image.published.v1");
        assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/gitops-flow/messaging-test");
        assertThat(KafkaTestClient.header(record, "ce_subject")).isEqualTo(image.imageRepository());
        assertThat(KafkaTestClient.header(record, "ce_time"))
                .isEqualTo(sent.time().toString());
        assertThat(KafkaTestClient.header(record, "ce_correlationid")).isEqualTo(correlation);
        assertThat(KafkaTestClient.header(record, "content-type")).isEqualTo("application/json");
        assertThat(record.headers().headers("ce_id"))
                .as("one ce_id header, not one per layer")
                .hasSize(1);
        assertThat(EventCodec.decode(EventType.IMAGE_PUBLISHED, record.value())).isEqualTo(image);
    }

    @Test
    void publishesManyEventsAtOnceThroughTheChannelsProducerInOrderAsTheEmitterDoes() {
        List<EventEnvelope<ImagePublished>> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ImagePublished image = EventSamples.imagePublished();
            CloudEventAttributes attributes = CloudEventAttributes.newEvent(
                    EventType.IMAGE_PUBLISHED, image, publisher.source(), "batch-" + i, null);
            events.add(new EventEnvelope<>(attributes, image));
        }
        KafkaProducer<String, byte[]> producer = clients.getProducer("image-published");

        List<Throwable> outcomes = publisher
                .publishAll(producer, EventType.IMAGE_PUBLISHED, events)
                .await()
                .atMost(WAIT);

        assertThat(outcomes).hasSize(50).containsOnlyNulls();
        Set<String> ids = events.stream().map(event -> event.attributes().id()).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> records = kafka.awaitRecords(
                Topics.IMAGE_PUBLISHED,
                50,
                r -> ids.contains(KafkaTestClient.header(r, KafkaCloudEventHeaders.ID)),
                WAIT);
        assertThat(records)
                .extracting(r -> KafkaTestClient.header(r, KafkaCloudEventHeaders.ID))
                .as("one record per event, in the order given (one key, so one partition)")
                .containsExactlyElementsOf(
                        events.stream().map(event -> event.attributes().id()).toList());
        ConsumerRecord<String, byte[]> record = records.get(7);
        assertThat(record.key()).isEqualTo(events.get(7).data().imageRepository());
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("io.gitopsflow.image.published.v1");
        assertThat(KafkaTestClient.header(record, "ce_correlationid")).isEqualTo("batch-7");
        assertThat(KafkaTestClient.header(record, "content-type")).isEqualTo("application/json");
        assertThat(record.headers().headers("ce_id")).hasSize(1);
        assertThat(EventCodec.decode(EventType.IMAGE_PUBLISHED, record.value()))
                .isEqualTo(events.get(7).data());
    }

    @Test
    void publishAllRefusesAttributesOfAnotherTypeBeforeSendingAnything() {
        ImagePublished image = EventSamples.imagePublished();
        CloudEventAttributes wrong = CloudEventAttributes.newEvent(
                EventType.COMMIT_PUSHED, commitPushed("acme/books-api"), publisher.source(), "x", null);
        KafkaProducer<String, byte[]> producer = clients.getProducer("image-published");

        assertThatThrownBy(() -> publisher.publishAll(
                        producer, EventType.IMAGE_PUBLISHED, List.of(new EventEnvelope<>(wrong, image))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on topic image-published");
    }

    @Test
    void consumesACloudEventIntoItsRecordWithAttributesIntact() {
        CommitPushed pushed = commitPushed("acme/books-api");
        CloudEventAttributes sent = kafka.produce(EventType.COMMIT_PUSHED, pushed, pushed.after());

        await().atMost(WAIT).until(() -> handledDelivery(pushed.deliveryId()));
        var handled = consumer.handled().stream()
                .filter(event -> event.data().deliveryId().equals(pushed.deliveryId()))
                .findFirst()
                .orElseThrow();
        assertThat(handled.data()).isEqualTo(pushed);
        // every attribute as sent, but the trace context: the handler continues its record's CONSUMER span
        assertThat(handled.attributes())
                .usingRecursiveComparison()
                .ignoringFields("traceparent")
                .isEqualTo(sent);
        assertThat(handled.attributes().traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicWithTheReasonAndKeepsConsuming() {
        String key = "acme/poison-" + UUID.randomUUID();
        byte[] poison = "{\"deliveryId\": \"x\", not json".getBytes(StandardCharsets.UTF_8);
        kafka.produceRaw(Topics.COMMIT_PUSHED, key, poison, headersOf(commitPushed("acme/books-api")));
        CommitPushed after = commitPushed("acme/books-api");
        kafka.produce(EventType.COMMIT_PUSHED, after, after.after());

        ConsumerRecord<String, byte[]> dead = kafka.awaitRecords(
                        Topics.deadLetter(Topics.COMMIT_PUSHED), 1, r -> key.equals(r.key()), WAIT)
                .get(0);
        assertThat(dead.value())
                .as("the original bytes, for a human to inspect")
                .isEqualTo(poison);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason"))
                .startsWith("invalid commit-pushed data: malformed JSON");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.COMMIT_PUSHED);
        assertThat(KafkaTestClient.header(dead, "ce_type")).isEqualTo("io.gitopsflow.commit.pushed.v1");
        await().atMost(WAIT).until(() -> handledDelivery(after.deliveryId()));
    }

    @Test
    void sendsARecordWithAWrongTypeOrAMissingFieldToTheDeadLetterTopic() {
        CommitPushed pushed = commitPushed("acme/books-api");
        Map<String, String> wrongType = new java.util.HashMap<>(headersOf(pushed));
        wrongType.put("ce_type", "io.gitopsflow.commit.pushed.v0");
        String wrongTypeKey = "acme/wrong-type-" + UUID.randomUUID();
        kafka.produceRaw(Topics.COMMIT_PUSHED, wrongTypeKey, EventCodec.encode(pushed), wrongType);
        String missingFieldKey = "acme/missing-field-" + UUID.randomUUID();
        String withoutRepository = new String(EventCodec.encode(pushed), StandardCharsets.UTF_8)
                .replaceFirst("\"repository\":\\{[^}]*\\},", "");
        kafka.produceRaw(
                Topics.COMMIT_PUSHED,
                missingFieldKey,
                withoutRepository.getBytes(StandardCharsets.UTF_8),
                headersOf(pushed));

        List<ConsumerRecord<String, byte[]>> dead = kafka.awaitRecords(
                Topics.deadLetter(Topics.COMMIT_PUSHED),
                2,
                r -> wrongTypeKey.equals(r.key()) || missingFieldKey.equals(r.key()),
                WAIT);
        assertThat(dead)
                .extracting(r -> KafkaTestClient.header(r, "dead-letter-reason"))
                .anyMatch(reason -> reason.equals("unexpected CloudEvent type on commit-pushed: expected"
                        + " io.gitopsflow.commit.pushed.v1, got io.gitopsflow.commit.pushed.v0"))
                .anyMatch(reason -> reason.startsWith("invalid commit-pushed data: repository is required (line 1,"));
        assertThat(handledDelivery(pushed.deliveryId())).isFalse();
    }

    @Test
    void sendsARecordWhoseHandlerFailsToTheDeadLetterTopicWithTheReason() {
        CommitPushed pushed = commitPushed(RecordingConsumer.FAILING_REPOSITORY);
        CloudEventAttributes sent = kafka.produce(EventType.COMMIT_PUSHED, pushed, pushed.after());

        ConsumerRecord<String, byte[]> dead = kafka.awaitRecords(
                        Topics.deadLetter(Topics.COMMIT_PUSHED),
                        1,
                        r -> sent.id().equals(KafkaTestClient.header(r, KafkaCloudEventHeaders.ID)),
                        WAIT)
                .get(0);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason"))
                .isEqualTo("the build spec of acme/explode is broken");
        assertThat(dead.key()).isEqualTo(RecordingConsumer.FAILING_REPOSITORY);
    }

    @Test
    void retriesARecordWhoseHandlerMetAnOutageUntilItPassesAndSaysSoInReadiness() {
        CommitPushed pushed = commitPushed(RecordingConsumer.OUTAGE_REPOSITORY);
        CloudEventAttributes sent = kafka.produce(EventType.COMMIT_PUSHED, pushed, pushed.after());

        await().atMost(WAIT).until(() -> consumer.outageAttempts() >= 2);
        assertThat(outages.waiting().values())
                .as("readiness names the waiting record and the reason")
                .anySatisfy(waiting -> {
                    assertThat(waiting.topic()).isEqualTo(Topics.COMMIT_PUSHED);
                    assertThat(waiting.reason()).contains("the database is down");
                });
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        await().atMost(WAIT).until(() -> handledDelivery(pushed.deliveryId()));
        assertThat(consumer.outageAttempts()).isEqualTo(RecordingConsumer.OUTAGE_ATTEMPTS + 1);
        assertThat(consumer.handled().stream()
                        .filter(event -> event.data().deliveryId().equals(pushed.deliveryId())))
                .as("handled once, once the outage ended")
                .hasSize(1);
        await().atMost(WAIT).until(() -> outages.waiting().isEmpty());
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(kafka.readAll(
                        Topics.deadLetter(Topics.COMMIT_PUSHED),
                        r -> sent.id().equals(KafkaTestClient.header(r, KafkaCloudEventHeaders.ID))))
                .as("an outage sends nothing to the dead-letter topic")
                .isEmpty();
    }

    private boolean handledDelivery(String deliveryId) {
        return consumer.handled().stream()
                .anyMatch(event -> event.data().deliveryId().equals(deliveryId));
    }

    private static Map<String, String> headersOf(CommitPushed pushed) {
        return KafkaCloudEventHeaders.toHeaders(CloudEventAttributes.newEvent(
                EventType.COMMIT_PUSHED, pushed, KafkaTestClient.TEST_SOURCE, pushed.after(), null));
    }

    /** The sample push with a delivery id of its own, so tests sharing the topic never see each other's records. */
    private static CommitPushed commitPushed(String repository) {
        CommitPushed sample = EventSamples.commitPushed();
        return new CommitPushed(
                UUID.randomUUID().toString(),
                sample.provider(),
                new CommitPushed.GitRepository(repository, "https://github.com/" + repository + ".git", null, "main"),
                sample.ref(),
                sample.refType(),
                sample.refName(),
                sample.before(),
                sample.after(),
                sample.commits(),
                sample.commitsTruncated(),
                sample.totalCommits(),
                sample.pusher(),
                sample.receivedAt());
    }
}
