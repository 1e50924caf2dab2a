package io.gitopsflow.buildworker.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.buildworker.RegistryTestResource;
import io.gitopsflow.buildworker.TestPushes;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** build-started, on the real broker and database: once per start, with its queue time, before the build's result. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "build_worker"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(RegistryTestResource.class)
class BuildStartedIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;

    @InjectGitServer
    GitServer git;

    @ConfigProperty(name = "gitops-flow.build.registry")
    String registry;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aBuildStartsOnceWithItsQueueTimeBeforeItsImageIsPublished() throws Exception {
        Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
        String name = "acme/started-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(
                name,
                Map.of(
                        "Dockerfile",
                        "FROM " + registry + "/base/tiny:1\nCOPY app.txt /app/app.txt\n",
                        "app.txt",
                        "hello\n"));
        String head = git.head(name);
        CommitPushed push = TestPushes.toMain(git, name, head);

        CloudEventAttributes sent = kafka.produce(EventType.COMMIT_PUSHED, push, head);
        ConsumerRecord<String, byte[]> imageRecord = awaitOne(
                EventType.IMAGE_PUBLISHED,
                image -> image.source() != null && head.equals(image.source().commit()));
        ImagePublished image = decode(EventType.IMAGE_PUBLISHED, imageRecord).data();

        List<ConsumerRecord<String, byte[]>> starts = startsOf(head);
        assertThat(starts).hasSize(1);
        EventEnvelope<BuildStarted> started = decode(EventType.BUILD_STARTED, starts.get(0));
        BuildStarted start = started.data();
        assertThat(start.buildId()).isEqualTo(image.buildId());
        assertThat(start.source().repository()).isEqualTo(name);
        assertThat(start.attempt()).isEqualTo(1);
        assertThat(start.queuedAt()).isBeforeOrEqualTo(start.startedAt());
        assertThat(start.queueMillis())
                .isEqualTo(Duration.between(start.queuedAt(), start.startedAt()).toMillis());
        assertThat(start.startedAt()).isBeforeOrEqualTo(image.publishedAt());
        assertThat(starts.get(0).key()).isEqualTo(name);
        assertThat(starts.get(0).timestamp()).isLessThanOrEqualTo(imageRecord.timestamp());
        assertThat(started.attributes().id()).isEqualTo(image.buildId() + "/started/1");
        assertThat(started.attributes().correlationId()).isEqualTo(head);
        assertThat(started.attributes().time()).isEqualTo(start.startedAt());

        // the same push again (a redelivery): the result is published again, the build is not started again
        kafka.produce(EventType.COMMIT_PUSHED, new EventEnvelope<>(sent, push));
        kafka.awaitRecords(
                EventType.IMAGE_PUBLISHED.topic(),
                2,
                r -> KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, r)
                        .map(e -> e.data().source() != null
                                && head.equals(e.data().source().commit()))
                        .orElse(false),
                WAIT);
        assertThat(startsOf(head)).hasSize(1);
    }

    @Test
    void aBuildThatFailsStartedFirstToo() {
        String name = "acme/unbuildable-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, Map.of("README.md", "no Dockerfile, no pom.xml\n"));
        String head = git.head(name);

        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, head), head);
        ConsumerRecord<String, byte[]> failedRecord = awaitOne(
                EventType.BUILD_FAILED, failed -> head.equals(failed.source().commit()));
        BuildFailed failed = decode(EventType.BUILD_FAILED, failedRecord).data();

        List<ConsumerRecord<String, byte[]>> starts = startsOf(head);
        assertThat(starts).hasSize(1);
        BuildStarted start = decode(EventType.BUILD_STARTED, starts.get(0)).data();
        assertThat(start.buildId()).isEqualTo(failed.buildId());
        assertThat(start.startedAt()).isBeforeOrEqualTo(failed.failedAt());
        assertThat(starts.get(0).timestamp()).isLessThanOrEqualTo(failedRecord.timestamp());
    }

    private static List<ConsumerRecord<String, byte[]>> startsOf(String commit) {
        return kafka.readAll(
                EventType.BUILD_STARTED.topic(),
                r -> KafkaTestClient.decode(EventType.BUILD_STARTED, r)
                        .map(e -> commit.equals(e.data().source().commit()))
                        .orElse(false));
    }

    private static <T extends GitopsFlowEvent> ConsumerRecord<String, byte[]> awaitOne(
            EventType<T> type, Predicate<T> match) {
        return kafka.awaitRecords(
                        type.topic(),
                        1,
                        r -> KafkaTestClient.decode(type, r)
                                .map(e -> match.test(e.data()))
                                .orElse(false),
                        WAIT)
                .get(0);
    }

    private static <T extends GitopsFlowEvent> EventEnvelope<T> decode(
            EventType<T> type, ConsumerRecord<String, byte[]> record) {
        return KafkaTestClient.decode(type, record).orElseThrow();
    }
}
