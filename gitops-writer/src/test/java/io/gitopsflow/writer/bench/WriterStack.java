package io.gitopsflow.writer.bench;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.writer.service.TestRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the writer benchmarks run against: the real broker (answers timestamped by the broker: {@code LogAppendTime}),
 * PostgreSQL, the testkit's Git server and the packaged gitops-writer in its own process, logging where a batch's time
 * goes at debug into {@code target/benchmark-gitops-writer.log}; {@code -Dbench.writer.<property>=<value>} passes a
 * setting to the writer. A round requests one update per application at once and waits for every answer.
 */
final class WriterStack implements AutoCloseable {

    /** The writer's JVM options: a 512 MiB heap, and those of {@code -Dbench.writer-jvm} (e.g. a profiler's). */
    static final List<String> WRITER_JVM = Stream.concat(
                    Stream.of("-Xmx512m"),
                    Stream.of(System.getProperty("bench.writer-jvm", "").split(" "))
                            .filter(option -> !option.isBlank()))
            .toList();

    private static final Duration WAIT = Duration.ofMinutes(2);

    private static final int PRODUCING_WARM_UP = 20_000;

    private final GitServer git;
    private final ServiceProcess writer;
    private final KafkaTestClient client;

    private WriterStack(GitServer git, ServiceProcess writer, KafkaTestClient client) {
        this.git = git;
        this.writer = writer;
        this.client = client;
    }

    /** Starts the broker, PostgreSQL (a database of its own), the Git server and the writer. */
    static WriterStack start() throws Exception {
        KafkaCluster kafka = KafkaCluster.shared();
        kafka.createTopics(
                3,
                List.of(
                        EventType.PROMOTION_REQUESTED.topic(),
                        EventType.PROMOTION_REQUESTED.deadLetterTopic(),
                        EventType.MANIFEST_UPDATED.topic()));
        // the answers' timestamps are the broker's (when each was appended to the log and could be read), not the
        // writer's send time
        kafka.stampOnAppend(EventType.MANIFEST_UPDATED.topic());
        TestPostgres postgres = TestPostgres.shared();
        String database = "writer_benchmark_" + System.currentTimeMillis();
        postgres.createDatabase(database);
        GitServer git = GitServer.start();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        properties.put("quarkus.datasource.username", TestPostgres.USER);
        properties.put("quarkus.datasource.password", TestPostgres.PASSWORD);
        properties.put("gitops-flow.writer.allowed-repositories", git.baseUrl());
        properties.put("gitops-flow.writer.refresh-argo-cd", "false");
        properties.putAll(JwtTestResource.settings());
        // where a batch's time goes (Git phases, storing, publishing), in target/benchmark-gitops-writer.log
        properties.put("quarkus.log.category.\"io.gitopsflow.writer\".level", "DEBUG");
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench.writer."))
                .forEach(name -> properties.put(name.substring("bench.writer.".length()), System.getProperty(name)));
        properties.put(
                "gitops-flow.writer.work-directory",
                TestFolders.newFolder("bench-writer-clones").toAbsolutePath().toString());
        try {
            ServiceProcess writer = ServiceProcess.start(
                    "gitops-writer",
                    Path.of("target", "quarkus-app", "quarkus-run.jar"),
                    TestFolders.freePort(),
                    WRITER_JVM,
                    properties,
                    Path.of("target", "benchmark-gitops-writer.log"),
                    Duration.ofSeconds(90));
            KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
            warmUpProducing(kafka, client);
            return new WriterStack(git, writer, client);
        } catch (RuntimeException e) {
            git.close();
            throw e;
        }
    }

    /**
     * Sends {@value #PRODUCING_WARM_UP} requests in bursts to a topic no service reads: a round's time runs from its
     * first request, and the benchmark's own encoding and sending, interpreted at first, spread 100 requests over
     * about 50 ms of a cold JVM (a service's producer, the writer's requester, is warm).
     */
    private static void warmUpProducing(KafkaCluster kafka, KafkaTestClient client) {
        String topic = "bench-writer-producing-warm-up";
        kafka.createTopics(3, List.of(topic));
        for (int burst = 0; burst < PRODUCING_WARM_UP / 500; burst++) {
            List<PromotionRequested> requests = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                requests.add(TestRequests.push("http://127.0.0.1/warm-up.git", path(i), "0.0." + i));
            }
            client.produceAll(topic, EventType.PROMOTION_REQUESTED, requests, PromotionRequested::requestId);
        }
    }

    GitServer git() {
        return git;
    }

    KafkaTestClient client() {
        return client;
    }

    /** The writer's process id (its CPU time is read from /proc). */
    long writerPid() {
        return writer.pid();
    }

    /** Creates a GitOps repository of {@code files} applications' values files; returns its name. */
    String repository(String name, int files) {
        git.createRepository(name, gitOpsRepository(files));
        return name;
    }

    /**
     * Requests one update for each of the first {@code apps} applications at once and waits for every answer; checks
     * the server (each file holds its new value) and that every answer is COMMITTED.
     */
    Round round(String repository, int apps, String version) {
        int commitsBefore = git.commitCount(repository, "main");
        List<PromotionRequested> requests = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            requests.add(TestRequests.push(git.repositoryUrl(repository), path(i), version + i));
        }
        Set<String> ids = requests.stream().map(PromotionRequested::requestId).collect(Collectors.toSet());
        long started = System.currentTimeMillis();
        client.produceAll(EventType.PROMOTION_REQUESTED, requests, PromotionRequested::requestId);
        long produced = System.currentTimeMillis() - started;
        List<ConsumerRecord<String, byte[]>> records = client.awaitRecords(
                EventType.MANIFEST_UPDATED.topic(), apps, record -> TestRequests.answerTo(record, ids) != null, WAIT);
        long first = records.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        long last = records.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        Map<String, ManifestUpdated> answers = new HashMap<>();
        records.forEach(record ->
                answers.put(TestRequests.answerTo(record, ids).requestId(), TestRequests.answerTo(record, ids)));
        List<String> notCommitted = answers.values().stream()
                .filter(answer -> answer.status() != ManifestUpdated.Status.COMMITTED)
                .map(answer -> answer.target().path() + ": " + answer.status() + " " + answer.reason())
                .toList();
        if (answers.size() != apps || !notCommitted.isEmpty()) {
            throw new IllegalStateException(
                    answers.size() + " distinct answers of " + apps + ", not committed: " + notCommitted);
        }
        Set<String> commits =
                answers.values().stream().map(ManifestUpdated::commit).collect(Collectors.toSet());
        return new Round(
                last - started,
                first - started,
                produced,
                git.commitCount(repository, "main") - commitsBefore,
                commits.size(),
                lost(repository, apps, version),
                ids);
    }

    /** How many of the first {@code apps} applications' files do not hold their new value on the server. */
    int lost(String repository, int apps, String version) {
        int lost = 0;
        for (int i = 0; i < apps; i++) {
            if (!TestRequests.values(name(i), version + i).equals(git.file(repository, "main", path(i)))) {
                lost++;
            }
        }
        return lost;
    }

    /** How many answers to {@code ids} are on {@code manifest-updated} (one each when none was doubled). */
    int answers(Set<String> ids) {
        return client.readAll(EventType.MANIFEST_UPDATED.topic(), record -> TestRequests.answerTo(record, ids) != null)
                .size();
    }

    static Map<String, String> gitOpsRepository(int files) {
        Map<String, String> content = new LinkedHashMap<>();
        for (int i = 0; i < files; i++) {
            content.put(path(i), TestRequests.values(name(i), "0.0.0"));
        }
        content.put("README.md", "# GitOps repository of the writer benchmark\n");
        return content;
    }

    static String name(int app) {
        return String.format("app-%03d", app);
    }

    static String path(int app) {
        return "apps/" + name(app) + "/values.yaml";
    }

    @Override
    public void close() {
        try {
            client.close();
            writer.close();
        } finally {
            git.close();
        }
    }

    /**
     * One round: time to the last answer (or push), to the first answer (-1: none) and until the broker had taken
     * every request (-1: none sent), commits on the branch, commits named by answers, files lost.
     */
    record Round(
            long millis,
            long firstAnswerMillis,
            long producedMillis,
            int commits,
            int answeredCommits,
            int lost,
            Set<String> requestIds) {

        @Override
        public String toString() {
            return String.format(
                    "%5d ms%s%s, %3d commit(s) on the branch (%d named by answers), %d of the files lost",
                    millis,
                    producedMillis < 0 ? "" : " (every request taken by the broker at " + producedMillis + " ms,",
                    firstAnswerMillis < 0 ? "" : " first answer at " + firstAnswerMillis + " ms)",
                    commits,
                    answeredCommits,
                    lost);
        }
    }
}
