package io.gitopsflow.console.bench;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.bench.RunConditions;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark (not a test) of the packaged console against the real broker and PostgreSQL on this machine:
 *
 * <ol>
 *   <li>projection rate: a history of about 100,000 events ({@link BenchmarkHistory}: 1,050 Freight, 10,500
 *       promotions over 90 days) is on the topics before the console starts; how fast it catches up;
 *   <li>event appended → visible: single events appended one at a time; how long until the commit's timeline
 *       (REST) shows it and until the pipeline's SSE stream pushes it;
 *   <li>queries on that read model: a commit's timeline, a pipeline's board, DORA over 90 days.
 * </ol>
 *
 * Run: {@code ./mvnw -B install -DskipTests && cd console && ../mvnw -B -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.gitopsflow.console.bench.ConsoleBenchmark -Dexec.args="105 200 500"} (commits per pipeline,
 * appended events, queries per kind).
 */
public final class ConsoleBenchmark {

    private static final int PIPELINES = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ConsoleBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 105;
        int appended = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        String run = UUID.randomUUID().toString().substring(0, 8);
        KafkaCluster kafka = KafkaCluster.shared();
        createTopics(kafka, run);
        TestPostgres postgres = TestPostgres.shared();
        String database = "console_bench_" + run;
        postgres.createDatabase(database);

        List<String> shas = new ArrayList<>();
        int events;
        try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
            long began = System.nanoTime();
            events = publishHistory(producer, run, PIPELINES, commits, shas);
            System.out.printf(
                    "history: %,d events (%,d commits) produced in %.1f s%n",
                    events, shas.size(), (System.nanoTime() - began) / 1e9);
            try (ServiceProcess console = startConsole(kafka, postgres, database, run, Map.of())) {
                catchUp(postgres, database, events);
                String token = JwtTestResource.token("bench", "promoter");
                appendLatency(producer, console, token, run, appended);
                queryLatency(console, token, shas, queries);
                System.out.printf(
                        "read model size: %s%n",
                        one(postgres, database, "select pg_size_pretty(pg_database_size(current_database()))"));
            }
        }
        System.out.print(conditions.describe());
    }

    /** The topics of every event type (and their dead letters) of this run, 3 partitions each. */
    static void createTopics(KafkaCluster kafka, String run) {
        List<String> topics = new ArrayList<>();
        for (EventType<?> type : EventType.all()) {
            topics.add(type.topic() + "-" + run);
            topics.add(type.topic() + "-" + run + ".dlq");
        }
        kafka.createTopics(3, topics);
    }

    static int publishHistory(
            KafkaProducer<String, byte[]> producer, String run, int pipelines, int commits, List<String> shas)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        new BenchmarkHistory(pipelines, commits, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .publish((type, data) -> acks.add(send(producer, type, data, run)), shas);
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        return acks.size();
    }

    static Future<RecordMetadata> send(
            KafkaProducer<String, byte[]> producer, EventType<?> type, GitopsFlowEvent data, String run) {
        CloudEventAttributes attributes =
                CloudEventAttributes.newEvent(type, data, URI.create("/gitops-flow/bench"), null, null);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(type.topic() + "-" + run, data.partitionKey(), EventCodec.encode(data));
        KafkaCloudEventHeaders.toHeaders(attributes)
                .forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        return producer.send(record);
    }

    /**
     * Starts the packaged console ({@code bench.console-jar}, else {@code target/quarkus-app/quarkus-run.jar}) on
     * this run's topics and database, with {@code extra} settings on top of the benchmark's own.
     */
    static ServiceProcess startConsole(
            KafkaCluster kafka, TestPostgres postgres, String database, String run, Map<String, String> extra)
            throws Exception {
        Path jar = Path.of(System.getProperty("bench.console-jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run ./mvnw -B install -DskipTests");
        }
        Path folder = TestFolders.newFolder("console-bench");
        Path key = JwtTestResource.writePublicKey(folder.resolve("public-key.pem"));
        Map<String, String> settings = new HashMap<>(postgres.quarkusDatasource(database));
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put(
                "mp.messaging.incoming.flow.topics",
                String.join(
                        ",",
                        EventType.all().stream()
                                .map(type -> type.topic() + "-" + run)
                                .toList()));
        settings.put("mp.jwt.verify.publickey.location", key.toUri().toString());
        settings.put("mp.jwt.verify.issuer", JwtTestResource.ISSUER);
        settings.put("quarkus.log.level", "WARN");
        settings.putAll(extra);
        for (String option : System.getProperty("bench.console-options", "").split(",")) {
            if (option.contains("=")) {
                settings.put(option.substring(0, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
            }
        }
        settings.put("quarkus.log.console.json.enabled", "false");
        return ServiceProcess.start(
                "console",
                jar,
                TestFolders.freePort(),
                "512m",
                settings,
                folder.resolve("console.log"),
                Duration.ofMinutes(2));
    }

    /** Waits until the read model holds every event, and reports the projection rate from the rows' own times. */
    static void catchUp(TestPostgres postgres, String database, int events) throws Exception {
        long began = System.nanoTime();
        long stored = 0;
        while (stored < events) {
            Thread.sleep(500);
            stored = Long.parseLong(one(postgres, database, "select count(*) from flow_event"));
            if (System.nanoTime() - began > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("the console stored " + stored + " of " + events + " in 10 minutes");
            }
        }
        double seconds = Double.parseDouble(
                one(postgres, database, "select extract(epoch from max(stored_at) - min(stored_at)) from flow_event"));
        long polls = Long.parseLong(one(postgres, database, "select count(distinct stored_at) from flow_event"));
        System.out.printf(
                "projection: %,d events in %.1f s (first to last poll committed): %,.0f events/s;"
                        + " %.1f s from the console's readiness to the last one; %,d polls of %.0f events%n",
                events, seconds, events / seconds, (System.nanoTime() - began) / 1e9, polls, (double) events / polls);
    }

    private static void appendLatency(
            KafkaProducer<String, byte[]> producer, ServiceProcess console, String token, String run, int count)
            throws Exception {
        String project = BenchmarkHistory.pipeline(0);
        Map<String, Long> pushed = new ConcurrentHashMap<>();
        Thread stream = new Thread(() -> readStream(console, token, project, pushed), "sse-reader");
        stream.setDaemon(true);
        stream.start();
        Thread.sleep(2000);
        List<Double> visible = new ArrayList<>();
        List<Double> streamed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sha = String.format("%040x", new Random().nextLong() & Long.MAX_VALUE)
                    .substring(0, 40);
            String promotion = UUID.randomUUID().toString();
            PromotionUpdated created = new PromotionUpdated(
                    promotion,
                    project,
                    "dev",
                    sha.substring(0, 39) + "e",
                    "late-otter",
                    sha,
                    null,
                    PromotionUpdated.Change.CREATED,
                    PromotionUpdated.Phase.PENDING,
                    null,
                    "alice",
                    null,
                    Instant.now());
            long sent = System.nanoTime();
            send(producer, EventType.PROMOTION_UPDATED, created, run).get();
            visible.add(untilVisible(console, token, sha, promotion, sent));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!pushed.containsKey(promotion) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Long arrived = pushed.get(promotion);
            streamed.add(arrived == null ? Double.NaN : (arrived - sent) / 1e6);
            Thread.sleep(50);
        }
        stream.interrupt();
        report("appended -> timeline (REST)", visible);
        report("appended -> pipeline stream (SSE)", streamed);
    }

    private static double untilVisible(ServiceProcess console, String token, String sha, String promotion, long sent)
            throws Exception {
        HttpRequest request = get(console, "/timeline/" + sha, token);
        while (true) {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 && answer.body().contains(promotion)) {
                return (System.nanoTime() - sent) / 1e6;
            }
            if (System.nanoTime() - sent > Duration.ofSeconds(10).toNanos()) {
                throw new IllegalStateException("timeline of " + sha + " never showed " + promotion);
            }
            Thread.sleep(2);
        }
    }

    private static void readStream(ServiceProcess console, String token, String project, Map<String, Long> pushed) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(console.url() + "/pipelines/" + project + "/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        try {
            HttpResponse<java.io.InputStream> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    long now = System.nanoTime();
                    int at = line.indexOf("\"promotionId\":\"");
                    if (line.startsWith("data:") && at >= 0) {
                        pushed.putIfAbsent(line.substring(at + 15, at + 51), now);
                    }
                }
            }
        } catch (Exception e) {
            if (!Thread.currentThread().isInterrupted()) {
                System.out.println("stream ended: " + e);
            }
        }
    }

    private static void queryLatency(ServiceProcess console, String token, List<String> shas, int count)
            throws Exception {
        Random random = new Random(42);
        Map<String, java.util.function.Supplier<String>> kinds = new java.util.LinkedHashMap<>();
        kinds.put("timeline of a commit", () -> "/timeline/" + shas.get(random.nextInt(shas.size())));
        kinds.put(
                "board of a pipeline",
                () -> "/pipelines/" + BenchmarkHistory.pipeline(random.nextInt(PIPELINES)) + "/board");
        kinds.put(
                "DORA over 90 days",
                () -> "/pipelines/" + BenchmarkHistory.pipeline(random.nextInt(PIPELINES)) + "/dora?window=90d");
        for (var kind : kinds.entrySet()) {
            for (int i = 0; i < count / 2; i++) {
                expectOk(HTTP.send(get(console, kind.getValue().get(), token), HttpResponse.BodyHandlers.ofString()));
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HttpRequest request = get(console, kind.getValue().get(), token);
                long began = System.nanoTime();
                expectOk(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
                millis.add((System.nanoTime() - began) / 1e6);
            }
            report(kind.getKey(), millis);
        }
    }

    static void expectOk(HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(answer.uri() + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static HttpRequest get(ServiceProcess console, String path, String token) {
        return HttpRequest.newBuilder(URI.create(console.url() + path))
                .header("Authorization", "Bearer " + token)
                .build();
    }

    /** Prints the quantiles of {@code millis} (NaN: missing) under {@code what}, and returns that line. */
    static String report(String what, List<Double> millis) {
        List<Double> sorted =
                millis.stream().filter(value -> !value.isNaN()).sorted().toList();
        String line = String.format(
                "%s: n=%d (missing %d) p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                what,
                sorted.size(),
                millis.size() - sorted.size(),
                at(sorted, 0.50),
                at(sorted, 0.95),
                at(sorted, 0.99),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
        System.out.println(line);
        return line;
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, quantile * sorted.size()));
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        10,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    static String one(TestPostgres postgres, String database, String query) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        postgres.jdbcUrl(database), TestPostgres.USER, TestPostgres.PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
