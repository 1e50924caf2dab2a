package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.TestEvents.sha;
import static io.gitopsflow.promotion.TestEvents.stillTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.LocalHttp;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances in one consumer group on the real broker and one PostgreSQL database, both reconciling every
 * second: every record reaches both (a copy on every partition), users act on both at once, and still every decision
 * is made once — one Freight, one promotion per stage, one promotion-requested and one stage-promoted per promotion,
 * every approval counted once and none lost.
 */
class TwoInstancesIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;
    private static final String IMAGE = "registry.test/acme/twins";
    private static final String PIPELINE = """
            name: %s
            warehouse:
              subscriptions:
                - image: registry.test/acme/twins
                  strategy: semver
            stages:
              - name: dev
                autoPromotion: true
                targets:
                  - {repositoryUrl: "https://git.test/acme/gitops.git", branch: main, path: twins/dev.yaml,
                     kind: manifest-image}
              - name: staging
                sources: [dev]
                autoPromotion: true
                approvals: {required: 3, role: staging-approver}
                verification: {templates: [{name: smoke}]}
                targets:
                  - {repositoryUrl: "https://git.test/acme/gitops.git", branch: main, path: twins/staging.yaml,
                     kind: manifest-image}
            """;
    private static final List<String> INCOMING =
            List.of("image-published", "manifest-updated", "analysis-completed", "commit-pushed");

    // incoming topics of this test only, with a partition for each instance and one more: the contract's may exist
    // with one (a Quarkus test application of another IT in this JVM consumes them); the instances publish to the
    // contract's topics, where this pipeline's name tells their records apart
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String pipeline = "twins-" + suffix;
    private final String group = "promotion-twins-" + suffix;
    private final Map<String, String> topics = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    // its own threads: the common pool of a two-core machine runs one task at a time
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private KafkaCluster cluster;
    private KafkaTestClient kafka;
    private ServiceProcess first;
    private ServiceProcess second;

    @BeforeEach
    void start() throws Exception {
        cluster = KafkaCluster.shared();
        List<String> created = new ArrayList<>();
        for (String channel : INCOMING) {
            topics.put(channel, channel + "-twins-" + suffix);
            created.add(topics.get(channel));
            created.add(topics.get(channel) + ".dlq");
        }
        topics.put("promotion-requested", EventType.PROMOTION_REQUESTED.topic());
        topics.put("stage-promoted", EventType.STAGE_PROMOTED.topic());
        created.add(topics.get("promotion-requested"));
        created.add(topics.get("stage-promoted"));
        cluster.createTopics(PARTITIONS, created);
        kafka = new KafkaTestClient(cluster.bootstrapServers());
        TestPostgres postgres = TestPostgres.shared();
        String database = "promotion_twins_" + suffix;
        postgres.createDatabase(database);
        Path pipelines = TestFolders.newFolder("promotion-twins-pipelines");
        Files.writeString(pipelines.resolve("twins.yaml"), PIPELINE.formatted(pipeline));
        Path publicKey = TestSupport.writePublicKey(
                TestFolders.newFolder("promotion-twins-jwt").resolve("public-key.pem"));

        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        properties.putAll(postgres.quarkusDatasource(database));
        properties.put("gitops-flow.promotion.pipelines", pipelines.toString());
        properties.put("gitops-flow.promotion.reconcile-interval", "1s");
        properties.put("mp.jwt.verify.publickey.location", publicKey.toUri().toString());
        properties.put("mp.jwt.verify.issuer", TestSupport.ISSUER);
        for (String channel : INCOMING) {
            properties.put("mp.messaging.incoming." + channel + ".topic", topics.get(channel));
            properties.put(
                    "mp.messaging.incoming." + channel + ".dead-letter-queue.topic", topics.get(channel) + ".dlq");
            properties.put("mp.messaging.incoming." + channel + ".group.id", group);
        }
        // both start at once, as two replicas of a Deployment do (both run the migrations; Flyway takes a lock)
        CompletableFuture<ServiceProcess> one =
                CompletableFuture.supplyAsync(() -> start("first", properties), threads);
        CompletableFuture<ServiceProcess> two =
                CompletableFuture.supplyAsync(() -> start("second", properties), threads);
        first = startedOrNull(one);
        second = startedOrNull(two);
        assertThat(first).as("the first instance started").isNotNull();
        assertThat(second).as("the second instance started").isNotNull();
    }

    @AfterEach
    void stop() {
        // killed, not stopped: topics, group and database are this test's, so a clean stop (seconds) tidies nothing
        ServiceProcess.killAll(first, second);
        if (kafka != null) {
            kafka.close();
        }
        threads.shutdownNow();
    }

    @Test
    void twoInstancesMakeEveryDecisionOnceAndLoseNoApproval() {
        awaitBothConsume(topics.get("image-published"));
        String commit = sha();

        // the same artifacts on every partition: both instances make the Freight at the same moment
        toEveryPartition(
                "image-published",
                EventType.IMAGE_PUBLISHED,
                TestEvents.image(IMAGE, List.of("1.0.0"), commit, TestEvents.digest()),
                commit);
        PromotionRequested dev = awaitRequest("dev");
        String freight = dev.freightId();
        toEveryPartition(
                "manifest-updated",
                EventType.MANIFEST_UPDATED,
                TestEvents.answer(dev, ManifestUpdated.Status.COMMITTED, sha(), null),
                commit);
        awaitStatus("dev", "SUCCEEDED");

        // staging waits for three approvers; one approver at both instances at once counts once
        String staging = awaitStatus("staging", "PENDING");
        assertThat(concurrently(() -> approve(first, staging, "erin"), () -> approve(second, staging, "erin")))
                .containsExactlyInAnyOrder(200, 409);
        // two approvers at two instances at once: neither is lost
        assertThat(concurrently(() -> approve(first, staging, "carol"), () -> approve(second, staging, "dave")))
                .containsExactly(200, 200);

        PromotionRequested request = awaitRequest("staging");
        assertThat(request.freightId()).isEqualTo(freight);
        toEveryPartition(
                "manifest-updated",
                EventType.MANIFEST_UPDATED,
                TestEvents.answer(request, ManifestUpdated.Status.COMMITTED, sha(), null),
                commit);
        StagePromoted promoted = awaitStagePromoted("staging");
        toEveryPartition("analysis-completed", EventType.ANALYSIS_COMPLETED, passed(promoted), commit);
        awaitStatus("staging", "SUCCEEDED");

        // several reconcile passes of both instances later, each decision was made once
        stillTrue(Duration.ofSeconds(4), () -> {
            for (ServiceProcess instance : List.of(first, second)) {
                assertThat(get(instance, "/pipelines/" + pipeline + "/freight").getList("id"))
                        .containsExactly(freight);
                assertThat(get(instance, "/pipelines/" + pipeline + "/stages/dev/promotions")
                                .getList("id"))
                        .containsExactly(dev.promotionId());
                assertThat(get(instance, "/pipelines/" + pipeline + "/stages/staging/promotions")
                                .getList("id"))
                        .containsExactly(staging);
            }
        });
        assertThat(countByPromotion(
                        "promotion-requested",
                        EventType.PROMOTION_REQUESTED,
                        PromotionRequested::project,
                        PromotionRequested::promotionId))
                .as("promotion-requested records per promotion")
                .containsExactlyInAnyOrderEntriesOf(Map.of(dev.promotionId(), 1L, staging, 1L));
        assertThat(countByPromotion(
                        "stage-promoted", EventType.STAGE_PROMOTED, StagePromoted::project, StagePromoted::promotionId))
                .as("stage-promoted records per promotion")
                .containsExactlyInAnyOrderEntriesOf(Map.of(dev.promotionId(), 1L, staging, 1L));
        JsonPath view = get(second, "/promotions/" + staging);
        assertThat(view.getString("promotion.status")).isEqualTo("SUCCEEDED");
        assertThat(view.getList("approvals.approver")).containsExactlyInAnyOrder("erin", "carol", "dave");
        assertThat(view.getList("approvals.decision")).containsOnly("APPROVED");
        JsonPath trail = get(first, "/audit?pipeline=" + pipeline);
        assertThat(trail.getList("action").stream().filter("freight-created"::equals))
                .hasSize(1);
        assertThat(trail.getList("action").stream().filter("promotion-requested"::equals))
                .hasSize(2);
        assertThat(trail.getList("action").stream().filter("approved"::equals)).hasSize(3);
        assertThat(trail.getList("action").stream().filter("succeeded"::equals)).hasSize(2);
        // both instances started with the same pipeline file: its definition was published once
        assertThat(kafka.readAll(EventType.PIPELINE_CONFIGURED.topic(), record -> pipeline.equals(record.key())))
                .as("pipeline-configured records of the pipeline")
                .hasSize(1);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private ServiceProcess start(String instance, Map<String, String> properties) {
        return ServiceProcess.start(
                "promotion-service (" + instance + ")",
                Path.of("target", "quarkus-app", "quarkus-run.jar"),
                TestFolders.freePort(),
                ServiceProcess.quickStartOptions("256m"),
                properties,
                Path.of("target", "promotion-twins-" + suffix + "-" + instance + ".log"),
                Duration.ofSeconds(120));
    }

    private static ServiceProcess startedOrNull(CompletableFuture<ServiceProcess> starting) {
        try {
            return starting.join();
        } catch (RuntimeException e) {
            e.printStackTrace();
            return null;
        }
    }

    /** Waits until the group has both instances, each consuming some of {@code topic}'s partitions. */
    private void awaitBothConsume(String topic) {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                ConsumerGroupDescription description =
                        admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                return description.members().stream()
                                .filter(m -> m.assignment().topicPartitions().stream()
                                        .anyMatch(p -> p.topic().equals(topic)))
                                .map(m -> m.consumerId())
                                .distinct()
                                .count()
                        >= 2;
            });
        }
    }

    /** Produces {@code data} once to every partition of the channel's topic (a key per partition). */
    private <T extends GitopsFlowEvent> void toEveryPartition(
            String channel, EventType<T> type, T data, String correlationId) {
        CloudEventAttributes attributes =
                CloudEventAttributes.newEvent(type, data, KafkaTestClient.TEST_SOURCE, correlationId, null);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            kafka.produceRaw(
                    topics.get(channel),
                    keyFor(partition),
                    EventCodec.encode(data),
                    KafkaCloudEventHeaders.toHeaders(attributes));
        }
    }

    /** A key the producer's default partitioner sends to {@code partition}. */
    private static String keyFor(int partition) {
        for (int i = 0; ; i++) {
            String key = "copy-" + i;
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition) {
                return key;
            }
        }
    }

    private PromotionRequested awaitRequest(String stage) {
        return kafka
                .awaitRecords(
                        topics.get("promotion-requested"),
                        1,
                        r -> decode(EventType.PROMOTION_REQUESTED, r)
                                .filter(e -> e.data().project().equals(pipeline)
                                        && e.data().stage().equals(stage))
                                .isPresent(),
                        WAIT)
                .stream()
                .map(r -> decode(EventType.PROMOTION_REQUESTED, r).orElseThrow().data())
                .findFirst()
                .orElseThrow();
    }

    private StagePromoted awaitStagePromoted(String stage) {
        return kafka
                .awaitRecords(
                        topics.get("stage-promoted"),
                        1,
                        r -> decode(EventType.STAGE_PROMOTED, r)
                                .filter(e -> e.data().project().equals(pipeline)
                                        && e.data().stage().equals(stage))
                                .isPresent(),
                        WAIT)
                .stream()
                .map(r -> decode(EventType.STAGE_PROMOTED, r).orElseThrow().data())
                .findFirst()
                .orElseThrow();
    }

    private static <T extends GitopsFlowEvent> java.util.Optional<EventEnvelope<T>> decode(
            EventType<T> type, org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        return KafkaTestClient.decode(type, record);
    }

    /** This pipeline's records of the channel, counted by promotion. */
    private <T extends GitopsFlowEvent> Map<String, Long> countByPromotion(
            String channel, EventType<T> type, Function<T, String> project, Function<T, String> promotionId) {
        return kafka.readAll(topics.get(channel), r -> true).stream()
                .flatMap(r -> decode(type, r).stream())
                .map(EventEnvelope::data)
                .filter(data -> project.apply(data).equals(pipeline))
                .collect(Collectors.groupingBy(promotionId, Collectors.counting()));
    }

    private static AnalysisCompleted passed(StagePromoted promoted) {
        return new AnalysisCompleted(
                "run-" + UUID.randomUUID(),
                promoted.promotionId(),
                promoted.project(),
                promoted.stage(),
                promoted.freightId(),
                AnalysisCompleted.Phase.SUCCESSFUL,
                "",
                List.of(),
                Instant.now().minusSeconds(10),
                Instant.now());
    }

    /** Waits until the stage's latest promotion reached {@code status} on both instances; returns its id. */
    private String awaitStatus(String stage, String status) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(stageOf(first, stage, "promotionStatus"))
                        && status.equals(stageOf(second, stage, "promotionStatus")));
        return stageOf(first, stage, "promotionId");
    }

    private String stageOf(ServiceProcess instance, String stage, String field) {
        return get(instance, "/pipelines/" + pipeline + "/stages")
                .getString("find { it.name == '" + stage + "' }." + field);
    }

    private JsonPath get(ServiceProcess instance, String path) {
        HttpResponse<String> response = LocalHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(instance.url() + path))
                        .header("Authorization", "Bearer " + TestSupport.token("viewer"))
                        .build());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return JsonPath.from(response.body());
    }

    private int approve(ServiceProcess instance, String promotion, String approver) {
        HttpResponse<String> response = LocalHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(instance.url() + "/promotions/" + promotion + "/approve"))
                        .header("Authorization", "Bearer " + TestSupport.token(approver, "staging-approver"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"comment\": \"ok\"}"))
                        .build());
        return response.statusCode();
    }

    /** Runs both at the same moment; their results in order. */
    private List<Integer> concurrently(Supplier<Integer> one, Supplier<Integer> other) {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> running = new ArrayList<>();
        for (Supplier<Integer> action : List.of(one, other)) {
            running.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                        return action.get();
                    },
                    threads));
        }
        go.countDown();
        return running.stream().map(CompletableFuture::join).toList();
    }
}
