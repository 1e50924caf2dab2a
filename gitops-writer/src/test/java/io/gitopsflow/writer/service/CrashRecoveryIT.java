package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged writer killed with SIGKILL: a second instance of the group takes its partition over once the dead
 * member's session ends (the group's 10 s in production, the broker's least, 6 s, here; Kafka's default is 45 s), and
 * an instance restarted under the same name (static membership: a container restarted in its pod) takes it back at
 * once, whatever the session timeout.
 */
class CrashRecoveryIT {

    private static final Duration RECOVERY = Duration.ofSeconds(15);

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    // a topic and group of this test only: the Quarkus test apps of other ITs in this JVM consume the contract's topic
    private final String requestTopic = "promotion-requested-crash-" + suffix;
    private final String repository = "crash/gitops-" + suffix;
    private final String group = "writer-crash-" + suffix;
    private final String database = "writer_crash_" + suffix;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private String bootstrapServers;
    private GitServer git;
    private KafkaTestClient kafka;
    private ServiceProcess writer;
    private ServiceProcess other;

    @BeforeEach
    void infrastructure() {
        KafkaCluster cluster = KafkaCluster.shared();
        cluster.createTopics(1, List.of(requestTopic, requestTopic + ".dlq", EventType.MANIFEST_UPDATED.topic()));
        kafka = new KafkaTestClient(cluster.bootstrapServers());
        git = GitServer.start();
        git.createRepository(repository, Map.of("apps/books/values.yaml", TestRequests.values("books")));
        TestPostgres postgres = TestPostgres.shared();
        postgres.createDatabase(database);
        properties.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        properties.putAll(JwtTestResource.settings());
        properties.putAll(postgres.quarkusDatasource(database));
        properties.put("gitops-flow.writer.allowed-repositories", git.baseUrl());
        properties.put("gitops-flow.writer.refresh-argo-cd", "false");
        properties.put("mp.messaging.incoming.promotion-requested.topic", requestTopic);
        properties.put("mp.messaging.incoming.promotion-requested.dead-letter-queue.topic", requestTopic + ".dlq");
        properties.put("mp.messaging.incoming.promotion-requested.group.id", group);
        bootstrapServers = cluster.bootstrapServers();
    }

    @AfterEach
    void stop() {
        // killed, not stopped: topic, group and database are this test's, so a clean stop (seconds) tidies nothing
        ServiceProcess.killAll(writer, other);
        if (kafka != null) {
            kafka.close();
        }
        if (git != null) {
            git.close();
        }
    }

    @Test
    void aWriterRestartedUnderTheSameInstanceNameTakesItsPartitionBackWithoutWaitingForTheSession() {
        // a session long enough that waiting for it would show: the static member must not wait at all
        properties.put("gitops-flow.kafka.session-timeout", "45s");
        properties.put("gitops-flow.kafka.instance-id", "gitops-writer-0");
        writer = start("first");
        answer("1.0.0", Duration.ofSeconds(90));
        writer.kill();
        writer = start("second");
        long ready = System.nanoTime();
        answer("2.0.0", Duration.ofSeconds(90));
        Duration recovery = Duration.ofNanos(System.nanoTime() - ready);
        System.out.printf(
                "gitops-writer kill -9, restarted as the same static member: answered %d ms after it was ready%n",
                recovery.toMillis());
        assertThat(recovery).isLessThan(RECOVERY);
    }

    @Test
    void twoWritersTakeTurnsOnABranchAndOneTakesOverAKilledWritersPartition() throws Exception {
        // two instances, as two pods: the one that holds the partition is killed (told apart by their client ids);
        // both look at the shared queue often, so the one without the partition claims what the other one queued
        properties.put("gitops-flow.writer.dispatch-interval", "100ms");
        properties.put("gitops-flow.kafka.session-timeout", "6s");
        Map<String, String> settingsA = new LinkedHashMap<>(properties);
        settingsA.put("mp.messaging.incoming.promotion-requested.client.id", "writer-a");
        Map<String, String> settingsB = new LinkedHashMap<>(properties);
        settingsB.put("mp.messaging.incoming.promotion-requested.client.id", "writer-b");
        // started at once, as a Deployment's two pods are
        CompletableFuture<ServiceProcess> startingA = CompletableFuture.supplyAsync(() -> start("a", settingsA));
        try {
            other = start("b", settingsB);
        } finally {
            writer = startingA.join();
        }
        answer("1.0.0", Duration.ofSeconds(90));
        requestsArrivingWhileTheBranchIsWrittenAreOneCommitPerBatchWithoutPushRetries();
        ServiceProcess holder = holderOfThePartition().startsWith("writer-a") ? writer : other;
        holder.kill();
        long killed = System.nanoTime();
        answer("2.0.0", Duration.ofSeconds(90));
        Duration recovery = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf(
                "gitops-writer kill -9 of the partition's holder, a second instance running: answered %d ms after"
                        + " the kill%n",
                recovery.toMillis());
        // Kafka's default session (45 s) would take at least that; a short session plus a rebalance stays under
        assertThat(recovery).isLessThan(Duration.ofSeconds(30));
        assertThat(git.file(repository, "main", "apps/books/values.yaml")).contains("\"2.0.0\"");
    }

    /**
     * Each request arrives while the batch of the one before is being written (a slow Git host makes a write last): the
     * instance without the partition would claim it and push beside the writing one, were the branch not held by one
     * instance at a time; it waits for the next batch instead.
     */
    private void requestsArrivingWhileTheBranchIsWrittenAreOneCommitPerBatchWithoutPushRetries() throws Exception {
        int commitsBefore = git.commitCount(repository, "main");
        git.delay(repository, Duration.ofMillis(150));
        List<String> ids = new ArrayList<>();
        try (Connection connection = TestPostgres.shared().connect(database)) {
            for (int i = 1; i <= 5; i++) {
                ids.add(request("3.0." + i));
                String previous = ids.get(ids.size() - 1);
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> !"QUEUED".equals(status(connection, previous)));
            }
            List<ManifestUpdated> answers = answers(ids);
            git.delay(repository, Duration.ZERO);

            assertThat(answers)
                    .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(ManifestUpdated.Status.COMMITTED));
            Map<String, List<ManifestUpdated>> byCommit =
                    answers.stream().collect(Collectors.groupingBy(ManifestUpdated::commit));
            assertThat(byCommit)
                    .allSatisfy((commit, batch) -> assertThat(batch)
                            .allSatisfy(answer -> assertThat(answer.batchSize()).isEqualTo(batch.size())));
            assertThat(git.commitCount(repository, "main") - commitsBefore)
                    .as("one commit per batch")
                    .isEqualTo(byCommit.size());
            try (Statement statement = connection.createStatement();
                    ResultSet pushes =
                            statement.executeQuery("select max(attempts) from manifest_write where request_id in ('"
                                    + String.join("', '", ids) + "')")) {
                pushes.next();
                assertThat(pushes.getInt(1))
                        .as("pushes per batch: no non-fast-forward retry")
                        .isOne();
            }
        }
        assertThat(git.file(repository, "main", "apps/books/values.yaml")).contains("\"3.0.5\"");
    }

    private static String status(Connection connection, String requestId) throws Exception {
        try (PreparedStatement query =
                connection.prepareStatement("select status from manifest_write where request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "QUEUED";
            }
        }
    }

    /** The client id of the group member the broker assigned the request topic's partition to. */
    private String holderOfThePartition() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin
                    .describeConsumerGroups(List.of(group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(group)
                    .members()
                    .stream()
                    .filter(member -> !member.assignment().topicPartitions().isEmpty())
                    .map(member -> member.clientId())
                    .findFirst()
                    .orElseThrow();
        }
    }

    private void answer(String tag, Duration wait) {
        Set<String> ids = Set.of(request(tag));
        ManifestUpdated answer = TestRequests.answerTo(
                kafka.awaitRecords(
                                EventType.MANIFEST_UPDATED.topic(),
                                1,
                                record -> TestRequests.answerTo(record, ids) != null,
                                wait)
                        .get(0),
                ids);
        assertThat(answer.status()).isEqualTo(ManifestUpdated.Status.COMMITTED);
    }

    /** Sends a request to set the tag; returns its id. */
    private String request(String tag) {
        PromotionRequested request = TestRequests.push(git.repositoryUrl(repository), "apps/books/values.yaml", tag);
        CloudEventAttributes attributes = CloudEventAttributes.newEvent(
                EventType.PROMOTION_REQUESTED, request, KafkaTestClient.TEST_SOURCE, request.requestId(), null);
        kafka.produceRaw(
                requestTopic,
                request.partitionKey(),
                EventCodec.encode(request),
                KafkaCloudEventHeaders.toHeaders(attributes));
        return request.requestId();
    }

    /** The first answer to each of {@code ids} (any instance may publish a stored answer again: at least once). */
    private List<ManifestUpdated> answers(List<String> ids) {
        List<ManifestUpdated> answers = new ArrayList<>();
        for (String id : ids) {
            Set<String> one = Set.of(id);
            answers.add(TestRequests.answerTo(
                    kafka.awaitRecords(
                                    EventType.MANIFEST_UPDATED.topic(),
                                    1,
                                    record -> TestRequests.answerTo(record, one) != null,
                                    Duration.ofSeconds(60))
                            .get(0),
                    one));
        }
        return answers;
    }

    private ServiceProcess start(String instance) {
        return start(instance, properties);
    }

    private ServiceProcess start(String instance, Map<String, String> shared) {
        // each instance has clones of its own, as each pod has its own volume
        Map<String, String> settings = new LinkedHashMap<>(shared);
        settings.put(
                "gitops-flow.writer.work-directory",
                TestFolders.newFolder("writer-crash-clones-" + instance)
                        .toAbsolutePath()
                        .toString());
        return ServiceProcess.start(
                "gitops-writer-" + instance,
                Path.of("target", "quarkus-app", "quarkus-run.jar"),
                TestFolders.freePort(),
                ServiceProcess.quickStartOptions("256m"),
                settings,
                Path.of("target", "writer-crash-" + suffix + "-" + instance + ".log"),
                Duration.ofSeconds(90));
    }
}
