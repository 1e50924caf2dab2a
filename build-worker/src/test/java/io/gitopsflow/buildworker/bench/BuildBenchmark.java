package io.gitopsflow.buildworker.bench;

import io.gitopsflow.buildworker.TestPushes;
import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.bench.RunConditions;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Benchmark (not a test): {@code commit-pushed} → {@code image-published} through the packaged build-worker (its own
 * process) with the {@code jib} builder, the real broker, PostgreSQL, Git smart-HTTP server and Debian's
 * docker-registry. Commits are sent one at a time; each latency runs from the produce call to the result's arrival.
 * Cold: every commit is the first of its repository (first clone, shallow by default); warm: commits of one repository whose clone is
 * cached (fetch only); then, for the same number of commits, the raw limit of a build with no service around it
 * ({@link RawBuildLimit}). Run: {@code ./mvnw -B install -DskipTests && cd build-worker && ../mvnw -B -q exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.buildworker.bench.BuildBenchmark -Dexec.args=25}.
 */
public final class BuildBenchmark {

    /** Untimed builds before the raw limit's measured ones. */
    private static final int RAW_WARM_UP_BUILDS = 25;

    private BuildBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        if (!OciRegistry.available()) {
            throw new IllegalStateException("needs Debian's docker-registry (apt-get install docker-registry)");
        }
        KafkaCluster kafka = withTopics(KafkaCluster.shared());
        TestPostgres postgres = TestPostgres.shared();
        String database = "build_benchmark_" + System.currentTimeMillis();
        postgres.createDatabase(database);
        GitServer git = GitServer.start();
        OciRegistry registry = OciRegistry.start();
        registry.pushBaseImage("base/tiny:1");

        String run = UUID.randomUUID().toString().substring(0, 6);
        // cold: one repository per commit; warm: one repository, built once before the measured commits
        List<String[]> cold = coldCommits(git, registry.host(), run, commits);
        String warmName = "bench/warm-" + run;
        git.createRepository(warmName, application(registry.host(), -1));
        String warmUp = git.head(warmName);
        List<String[]> warm = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
            warm.add(new String[] {
                warmName, git.commit(warmName, Map.of("config.properties", "greeting=hello " + i + "\n"))
            });
        }

        // the raw limit's commits: one repository of the same application, cloned beforehand
        String rawName = "bench/raw-" + run;
        git.createRepository(rawName, application(registry.host(), -2));
        RawBuildLimit raw = RawBuildLimit.cloneOf(git, rawName, registry.host());
        Path cache = TestFolders.newFolder("bench-build-cache");
        ServiceProcess worker = startWorker(kafka.bootstrapServers(), postgres, database, registry.host(), cache);
        Results results = new Results(kafka.bootstrapServers());
        try (KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            results.start();
            // JIT warm-up of the worker and Jib's base-layer cache, both outside the measured runs
            measure(client, git, results, List.<String[]>of(new String[] {warmName, warmUp}));
            long[] coldNanos = measure(client, git, results, cold);
            long[] warmNanos = measure(client, git, results, warm);
            String rawLimit = rawLimit(git, rawName, raw, commits);
            String report = report(commits, coldNanos, warmNanos, results.stepMeans(cold), results.stepMeans(warm))
                    + String.format(
                            "  raw limit, no service (%d commits: shallow fetch + checkout, Jib build + push):  %s%n",
                            commits, rawLimit)
                    + conditions.describe();
            System.out.print(report);
            Files.writeString(Path.of("target", "benchmark-build-worker.txt"), report);
        } finally {
            results.stop();
            worker.close();
            registry.close();
            git.close();
        }
        System.exit(0);
    }

    /** The shared broker, with the worker's topics. */
    private static KafkaCluster withTopics(KafkaCluster kafka) {
        kafka.createTopics(
                3,
                List.of(
                        EventType.COMMIT_PUSHED.topic(),
                        EventType.COMMIT_PUSHED.deadLetterTopic(),
                        EventType.BUILD_STARTED.topic(),
                        EventType.IMAGE_PUBLISHED.topic(),
                        EventType.BUILD_FAILED.topic()));
        return kafka;
    }

    /** One repository per commit, each commit the first of its repository. */
    private static List<String[]> coldCommits(GitServer git, String registry, String run, int commits) {
        List<String[]> cold = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
            String name = "bench/cold-" + run + "-" + i;
            git.createRepository(name, application(registry, i));
            cold.add(new String[] {name, git.head(name)});
        }
        return cold;
    }

    private static String report(int commits, long[] coldNanos, long[] warmNanos, String coldSteps, String warmSteps) {
        return String.format(
                "build-worker benchmark: commit-pushed -> image-published, jib builder, local registry,"
                        + " one commit at a time, %d cores%n"
                        + "  cold clone cache (%d commits, each the first of its repository): %s%n"
                        + "  warm clone cache (%d commits of one cached repository):          %s%n"
                        + "  step means from the worker (ms), cold: %s; warm: %s%n",
                Runtime.getRuntime().availableProcessors(),
                commits,
                summary(coldNanos),
                commits,
                summary(warmNanos),
                coldSteps,
                warmSteps);
    }

    /**
     * The raw limit ({@link RawBuildLimit}): {@code commits} commits, each pushed to the server (not timed) and then
     * built, after {@value #RAW_WARM_UP_BUILDS} untimed builds: Jib in this JVM is as warm as the worker's, which has
     * built the cold and warm commits by then.
     */
    private static String rawLimit(GitServer git, String name, RawBuildLimit limit, int commits) throws Exception {
        try (limit) {
            for (int i = 0; i < RAW_WARM_UP_BUILDS; i++) {
                limit.build("bench", git.commit(name, Map.of("config.properties", "greeting=warm " + i + "\n")));
            }
            long[] totals = new long[commits];
            long checkouts = 0;
            long builds = 0;
            for (int i = 0; i < commits; i++) {
                long[] steps =
                        limit.build("bench", git.commit(name, Map.of("config.properties", "greeting=raw " + i + "\n")));
                checkouts += steps[0];
                builds += steps[1];
                totals[i] = (steps[0] + steps[1]) * 1_000_000;
            }
            return summary(totals)
                    + String.format("; step means checkout %d, build+push %d", checkouts / commits, builds / commits);
        }
    }

    private static long[] measure(KafkaTestClient client, GitServer git, Results results, List<String[]> commits)
            throws Exception {
        long[] nanos = new long[commits.size()];
        for (int i = 0; i < commits.size(); i++) {
            String name = commits.get(i)[0];
            String sha = commits.get(i)[1];
            long sent = System.nanoTime();
            client.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, sha), sha);
            nanos[i] = results.await(sha, Duration.ofMinutes(2)) - sent;
        }
        return nanos;
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "p50 %.0f ms, p99 %.0f ms, min %.0f ms, max %.0f ms, mean %.0f ms",
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6,
                Arrays.stream(sorted).average().orElse(0) / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Receives results as they arrive, with the arrival time, and the worker's step timings. */
    private static final class Results {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private final Map<String, long[]> steps = new ConcurrentHashMap<>();
        private final Map<String, String> failures = new ConcurrentHashMap<>();
        private volatile boolean running = true;
        private Thread thread;

        Results(String bootstrap) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        }

        void start() throws InterruptedException {
            consumer.subscribe(List.of(EventType.IMAGE_PUBLISHED.topic(), EventType.BUILD_FAILED.topic()));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            thread = new Thread(this::loop, "bench-results");
            thread.start();
        }

        private void loop() {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    if (record.topic().equals(EventType.IMAGE_PUBLISHED.topic())) {
                        KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, record)
                                .filter(e -> e.data().source() != null)
                                .ifPresent(e -> {
                                    var d = e.data().durations();
                                    steps.put(
                                            e.data().source().commit(),
                                            new long[] {d.checkoutMillis(), d.buildMillis(), d.totalMillis()});
                                    arrivals.put(e.data().source().commit(), now);
                                });
                    } else {
                        KafkaTestClient.decode(EventType.BUILD_FAILED, record).ifPresent(e -> {
                            failures.put(e.data().source().commit(), e.data().reason());
                            arrivals.put(e.data().source().commit(), now);
                        });
                    }
                }
            }
            consumer.close();
        }

        long await(String sha, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Long at = arrivals.get(sha);
                if (at != null) {
                    if (failures.containsKey(sha)) {
                        throw new IllegalStateException("build of " + sha + " failed: " + failures.get(sha));
                    }
                    return at;
                }
                Thread.sleep(1);
            }
            throw new IllegalStateException("no result for " + sha + " within " + timeout);
        }

        /** The worker's mean step times over the builds of {@code commits}. */
        String stepMeans(List<String[]> commits) {
            List<long[]> of = commits.stream()
                    .map(commit -> steps.get(commit[1]))
                    .filter(Objects::nonNull)
                    .toList();
            double checkout = of.stream().mapToLong(s -> s[0]).average().orElse(0);
            double build = of.stream().mapToLong(s -> s[1]).average().orElse(0);
            double total = of.stream().mapToLong(s -> s[2]).average().orElse(0);
            return String.format("checkout %.0f, build+push %.0f, pipeline total %.0f", checkout, build, total);
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(5_000);
            }
        }
    }

    /** A small application: a Dockerfile, a 1 MiB artifact, a few text files. */
    private static Map<String, String> application(String registry, int variant) {
        Map<String, String> files = new HashMap<>();
        files.put(
                "Dockerfile",
                "FROM " + registry + "/base/tiny:1\n"
                        + "ENV APP_HOME=/app\n"
                        + "WORKDIR /app\n"
                        + "COPY app/ /app/\n"
                        + "COPY --chown=1000:1000 config.properties /app/config.properties\n"
                        + "USER 1000\n"
                        + "EXPOSE 8080\n"
                        + "ENTRYPOINT [\"/app/run\"]\n");
        StringBuilder artifact = new StringBuilder();
        Random random = new Random(variant);
        while (artifact.length() < 1 << 20) {
            artifact.append(Long.toHexString(random.nextLong()));
        }
        files.put("app/artifact.txt", artifact.toString());
        files.put("app/run", "#!/bin/sh\necho books-api\n");
        files.put("config.properties", "greeting=hello " + variant + "\n");
        files.put("README.md", "# books-api\n");
        return files;
    }

    /** The packaged worker in its own process (JVM defaults but the heap), once it is ready. */
    private static ServiceProcess startWorker(
            String bootstrap, TestPostgres postgres, String database, String registry, Path cache) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", bootstrap);
        properties.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        properties.put("quarkus.datasource.username", TestPostgres.USER);
        properties.put("quarkus.datasource.password", TestPostgres.PASSWORD);
        properties.put("gitops-flow.build.registry", registry);
        properties.put("gitops-flow.build.allow-insecure-registries", "true");
        properties.put(
                "gitops-flow.build.cache-directory", cache.toAbsolutePath().toString());
        // the REST API's token verification, as every packaged service needs it to start
        properties.putAll(JwtTestResource.settings());
        return ServiceProcess.start(
                "build-worker",
                Path.of("target", "quarkus-app", "quarkus-run.jar"),
                TestFolders.freePort(),
                List.of("-Xmx512m"),
                properties,
                Path.of("target", "benchmark-build-worker.log"),
                Duration.ofSeconds(90));
    }
}
