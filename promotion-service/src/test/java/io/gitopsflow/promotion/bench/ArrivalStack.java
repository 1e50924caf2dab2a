package io.gitopsflow.promotion.bench;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What {@link ArrivalBenchmark} runs against: the real broker ({@code promotion-requested} timestamped by the broker,
 * {@code LogAppendTime}), PostgreSQL (a database of its own) and the packaged promotion-service in its own process with
 * the local stack's JVM options (or {@code -Dbench.promotion-jvm}), one pipeline per size ({@code arrivals-<size>}: one
 * image subscription, a dev stage and a staging stage after it, both auto-promoting), and a reader of what the
 * service publishes.
 */
final class ArrivalStack implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PIPELINE = """
            name: arrivals-%1$d
            warehouse:
              subscriptions:
                - image: registry.test/bench/arrivals-%1$d
                  strategy: semver
            stages:
              - name: dev
                autoPromotion: true
                targets:
                  - {repositoryUrl: "https://git.test/bench/gitops.git", branch: main,
                     path: "arrivals-%1$d/dev.yaml", kind: manifest-image}
              - name: staging
                sources: [dev]
                autoPromotion: true
                targets:
                  - {repositoryUrl: "https://git.test/bench/gitops.git", branch: main,
                     path: "arrivals-%1$d/staging.yaml", kind: manifest-image}
            """;

    /** A request as read, with the broker's time of appending it. */
    record Requested(PromotionRequested request, long appendedAt) {}

    private final TestPostgres postgres;
    private final String database;
    private final ServiceProcess service;
    private final KafkaTestClient client;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private final Map<String, Requested> requests = new ConcurrentHashMap<>();
    private final Set<String> promoted = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile boolean open = true;

    private ArrivalStack(TestPostgres postgres, String database, ServiceProcess service, String bootstrap) {
        this.postgres = postgres;
        this.database = database;
        this.service = service;
        this.client = new KafkaTestClient(bootstrap);
        this.consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(EventType.PROMOTION_REQUESTED.topic(), EventType.STAGE_PROMOTED.topic())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.reader = new Thread(this::read, "arrival-bench-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the broker's topics, a database and promotion-service with a pipeline of each size. */
    static ArrivalStack start(int[] sizes) throws Exception {
        KafkaCluster kafka = KafkaCluster.shared();
        kafka.createTopics(
                3,
                List.of(
                        EventType.IMAGE_PUBLISHED.topic(),
                        EventType.IMAGE_PUBLISHED.deadLetterTopic(),
                        EventType.MANIFEST_UPDATED.topic(),
                        EventType.MANIFEST_UPDATED.deadLetterTopic(),
                        EventType.PROMOTION_REQUESTED.topic(),
                        EventType.STAGE_PROMOTED.topic()));
        kafka.stampOnAppend(EventType.PROMOTION_REQUESTED.topic());
        TestPostgres postgres = TestPostgres.shared();
        String database = "promotion_arrivals_" + System.currentTimeMillis();
        postgres.createDatabase(database);
        Path pipelines = TestFolders.newFolder("bench-arrival-pipelines");
        for (int size : sizes) {
            Files.writeString(pipelines.resolve("arrivals-" + size + ".yaml"), PIPELINE.formatted(size));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.putAll(postgres.quarkusDatasource(database));
        properties.put("gitops-flow.promotion.pipelines", pipelines.toString());
        properties.put(
                "mp.jwt.verify.publickey.location",
                TestSupport.writePublicKey(
                                TestFolders.newFolder("bench-arrival-jwt").resolve("public-key.pem"))
                        .toUri()
                        .toString());
        properties.put("mp.jwt.verify.issuer", TestSupport.ISSUER);
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench.promotion."))
                .forEach(name -> properties.put(name.substring("bench.promotion.".length()), System.getProperty(name)));
        ServiceProcess service = ServiceProcess.start(
                "promotion-service",
                Path.of("target", "quarkus-app", "quarkus-run.jar"),
                TestFolders.freePort(),
                jvmOptions(),
                properties,
                Path.of("target", "benchmark-promotion-service.log"),
                Duration.ofSeconds(120));
        return new ArrivalStack(postgres, database, service, kafka.bootstrapServers());
    }

    /** The local stack's options for a service, or those of {@code -Dbench.promotion-jvm}. */
    static List<String> jvmOptions() {
        String options = System.getProperty(
                "bench.promotion-jvm",
                "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms24m -Xmn12m -XX:MinHeapFreeRatio=10"
                        + " -XX:MaxHeapFreeRatio=30");
        return Stream.of(options.split(" ")).filter(o -> !o.isBlank()).toList();
    }

    /** The service's JVM options, for the report. */
    String describe() {
        return "JVM " + jvmOptions() + ", log " + service.log();
    }

    /**
     * Adds {@code count} older Freight to pipeline {@code arrivals-<size>}: copies of the one Freight it has (tag
     * {@code 0.1.0}), as tags {@code 0.0.<n>} made a second apart before it, so none is newer than what dev runs.
     */
    void seed(int size) throws Exception {
        if (size == 0) {
            return;
        }
        try (Connection db = postgres.connect(database);
                PreparedStatement insert = db.prepareStatement("""
                        insert into freight (id, pipeline, warehouse, alias, artifacts_json, source_commit,
                                             correlation_id, created_at)
                        select substr(md5(random()::text) || md5(random()::text), 1, 40), pipeline, warehouse,
                               'seed-' || g, replace(artifacts_json, '"0.1.0"', '"0.0.' || g || '"'),
                               source_commit, correlation_id, created_at - make_interval(secs => g)
                          from freight, generate_series(1, ?) g
                         where pipeline = ?""")) {
            insert.setInt(1, size);
            insert.setString(2, "arrivals-" + size);
            int added = insert.executeUpdate();
            if (added != size) {
                throw new IllegalStateException("seeded " + added + " Freight, not " + size);
            }
            // each promoted into dev and verified there once, as a pipeline's history has it
            try (PreparedStatement promoted = db.prepareStatement("""
                            insert into promotion (id, pipeline, stage, freight_id, status, requested_by, automatic,
                                                   stage_promoted_published, created_at, updated_at)
                            select gen_random_uuid()::text, pipeline, 'dev', id, 'SUCCEEDED', 'SERVICE', true, true,
                                   created_at, created_at
                              from freight where pipeline = ? and alias like 'seed-%'""");
                    PreparedStatement verified = db.prepareStatement("""
                            insert into freight_verification (id, freight_id, pipeline, stage, promotion_id,
                                                              verified_at)
                            select freight_id || '/' || pipeline || '/' || stage, freight_id, pipeline, stage, id, created_at
                              from promotion where pipeline = ? and stage = 'dev' and freight_id in
                                   (select id from freight where pipeline = ? and alias like 'seed-%')""")) {
                promoted.setString(1, "arrivals-" + size);
                promoted.executeUpdate();
                verified.setString(1, "arrivals-" + size);
                verified.setString(2, "arrivals-" + size);
                verified.executeUpdate();
            }
        }
    }

    /** How long {@code GET /pipelines/arrivals-<size>/freight} takes (ms), a viewer's token, the whole list. */
    /** The CPU time promotion-service has used so far, in ms. */
    long serviceCpuMillis() {
        return ProcessHandle.of(service.pid())
                .flatMap(process -> process.info().totalCpuDuration())
                .map(Duration::toMillis)
                .orElse(0L);
    }

    long listing(int size, String what) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(service.url() + "/pipelines/arrivals-" + size + "/" + what))
                .header("Authorization", "Bearer " + TestSupport.token("viewer"))
                .timeout(WAIT)
                .build();
        long began = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long took = (System.nanoTime() - began) / 1_000_000;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("listing answered " + response.statusCode() + ": " + response.body());
        }
        return took;
    }

    /** Publishes an image of pipeline {@code arrivals-<size>}'s repository, built from {@code commit}. */
    void publish(int size, String tag, String commit) {
        client.produce(
                EventType.IMAGE_PUBLISHED,
                TestEvents.image("registry.test/bench/arrivals-" + size, List.of(tag), commit, TestEvents.digest()),
                commit);
    }

    /** The request promotion-service published for the stage and the image built from {@code commit}. */
    Requested awaitRequest(int size, String stage, String commit) {
        String key = "arrivals-" + size + "/" + stage + "/" + commit;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!requests.containsKey(key)) {
            pause(deadline, "no promotion-requested for " + key);
        }
        return requests.get(key);
    }

    /** Answers a request as gitops-writer would. */
    void answer(ManifestUpdated answer) {
        client.produce(EventType.MANIFEST_UPDATED, answer, answer.promotionId());
    }

    /** Waits for the promotion's stage-promoted. */
    void awaitPromoted(String promotionId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!promoted.contains(promotionId)) {
            pause(deadline, "no stage-promoted for promotion " + promotionId);
        }
    }

    private static void pause(long deadline, String failure) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(failure);
        }
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        while (open) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                if (record.topic().equals(EventType.PROMOTION_REQUESTED.topic())) {
                    KafkaTestClient.decode(EventType.PROMOTION_REQUESTED, record)
                            .ifPresent(event -> requests.putIfAbsent(
                                    event.data().project() + "/" + event.data().stage() + "/"
                                            + event.data().sourceCommit(),
                                    new Requested(event.data(), record.timestamp())));
                } else {
                    KafkaTestClient.decode(EventType.STAGE_PROMOTED, record)
                            .map(event -> event.data().promotionId())
                            .ifPresent(promoted::add);
                }
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws Exception {
        open = false;
        reader.join(5_000);
        client.close();
        service.close();
    }
}
