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
import io.gitopsflow.writer.service.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Benchmark (not a test): {@code N} applications' image updates requested at once — {@code N} {@code
 * promotion-requested} records, one per {@code apps/app-NNN/values.yaml} of one GitOps repository — through the
 * packaged gitops-writer (its own process) with the real broker, PostgreSQL and Git smart-HTTP server, timed from the
 * first produce to the last {@code manifest-updated} (the record's broker timestamp). Beside it, in the same run, the
 * naive baseline a per-update CI workflow step is: for each update a fresh JGit clone, the edit, a commit and a push,
 * one after the other. Both are checked on the server: every file holds its new value, the commits are counted, and
 * every request has exactly one answer. Run: {@code ./mvnw -B install -DskipTests && cd gitops-writer && ../mvnw -B -q
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.writer.bench.WriterBenchmark
 * -Dexec.args=100}.
 */
public final class WriterBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(2);

    private WriterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        KafkaCluster kafka = KafkaCluster.shared();
        kafka.createTopics(
                3,
                List.of(
                        EventType.PROMOTION_REQUESTED.topic(),
                        EventType.PROMOTION_REQUESTED.deadLetterTopic(),
                        EventType.MANIFEST_UPDATED.topic()));
        // the answers' timestamps are the broker's (when each was appended to the log and could be read), not the
        // writer's send time
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, EventType.MANIFEST_UPDATED.topic()),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        TestPostgres postgres = TestPostgres.shared();
        String database = "writer_benchmark_" + System.currentTimeMillis();
        postgres.createDatabase(database);
        GitServer git = GitServer.start();

        String run = UUID.randomUUID().toString().substring(0, 6);
        String repository = "bench/gitops-" + run;
        String baselineRepository = "bench/baseline-" + run;
        for (String name : List.of(repository, baselineRepository)) {
            git.createRepository(name, gitOpsRepository(apps));
        }

        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        properties.put("quarkus.datasource.username", TestPostgres.USER);
        properties.put("quarkus.datasource.password", TestPostgres.PASSWORD);
        properties.put("gitops-flow.writer.allowed-repositories", git.baseUrl());
        properties.put("gitops-flow.writer.refresh-argo-cd", "false");
        properties.putAll(io.gitopsflow.testkit.quarkus.JwtTestResource.settings());
        // where a batch's time goes (Git phases, storing, publishing), in target/benchmark-gitops-writer.log
        properties.put("quarkus.log.category.\"io.gitopsflow.writer\".level", "DEBUG");
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench.writer."))
                .forEach(name -> properties.put(name.substring("bench.writer.".length()), System.getProperty(name)));
        properties.put(
                "gitops-flow.writer.work-directory",
                TestFolders.newFolder("bench-writer-clones").toAbsolutePath().toString());
        try (ServiceProcess writer = ServiceProcess.start(
                        "gitops-writer",
                        Path.of("target", "quarkus-app", "quarkus-run.jar"),
                        TestFolders.freePort(),
                        "512m",
                        properties,
                        Path.of("target", "benchmark-gitops-writer.log"),
                        Duration.ofSeconds(90));
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            /*
             * JIT warm-up of the writer, outside the measured rounds: rounds of the same size, each the first write of
             * another repository, until one is within 10 % of the one before (on 2 cores the JIT is still compiling
             * the second and third round) or bench.warmup-rounds (5) ran
             */
            List<Round> warmUps = new ArrayList<>();
            int maxWarmUps = Integer.getInteger("bench.warmup-rounds", 5);
            String warmUpRepository = null;
            for (int round = 1; round <= maxWarmUps; round++) {
                warmUpRepository = "bench/warm-up-" + run + "-" + round;
                git.createRepository(warmUpRepository, gitOpsRepository(apps));
                warmUps.add(writerRound(client, git, warmUpRepository, apps, "1." + round + "."));
                if (warmUps.size() > 1
                        && Math.abs(warmUps.get(warmUps.size() - 1).millis()
                                        - warmUps.get(warmUps.size() - 2).millis())
                                <= 0.1 * warmUps.get(warmUps.size() - 2).millis()) {
                    break;
                }
            }
            Round cold = writerRound(client, git, repository, apps, "2.0.");
            Round cached = writerRound(client, git, repository, apps, "3.0.");
            baselineRound(git, warmUpRepository, Math.min(apps, 10), "9.9.");
            Round baseline = baselineRound(git, baselineRepository, apps, "2.0.");
            Set<String> ids = new HashSet<>();
            warmUps.forEach(round -> ids.addAll(round.requestIds()));
            ids.addAll(cold.requestIds());
            ids.addAll(cached.requestIds());
            int answers = client.readAll(
                            EventType.MANIFEST_UPDATED.topic(), record -> TestRequests.answerTo(record, ids) != null)
                    .size();

            String report = String.format(
                    "gitops-writer benchmark: %d image updates of %d applications requested at once into one GitOps"
                            + " repository, to the last manifest-updated, %d cores%n"
                            + "  warm-up rounds (JIT; each the first write of its repository): %s ms%n"
                            + "  gitops-writer, first write of the repository (clone):  %s%n"
                            + "  gitops-writer, clone cached (fetch only):              %s%n"
                            + "  baseline, per update clone+edit+commit+push in turn:  %s%n"
                            + "  speed-up over the baseline: %.1fx (first write), %.1fx (clone cached)%n"
                            + "  answers on manifest-updated for the %d requests: %d (exactly one each: %s)%n",
                    apps,
                    apps,
                    Runtime.getRuntime().availableProcessors(),
                    warmUps.stream()
                            .map(round -> String.valueOf(round.millis()))
                            .collect(Collectors.joining(", ")),
                    cold,
                    cached,
                    baseline,
                    baseline.millis() / (double) cold.millis(),
                    baseline.millis() / (double) cached.millis(),
                    ids.size(),
                    answers,
                    answers == ids.size());
            System.out.print(report);
            Files.writeString(Path.of("target", "benchmark-gitops-writer.txt"), report);
            if (answers != ids.size()) {
                throw new IllegalStateException("some requests were answered more than once");
            }
        } finally {
            git.close();
        }
        System.exit(0);
    }

    /** Requests one update per application at once and waits for every answer; checks the server. */
    private static Round writerRound(
            KafkaTestClient client, GitServer git, String repository, int apps, String version) {
        int commitsBefore = git.commitCount(repository, "main");
        List<PromotionRequested> requests = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            requests.add(TestRequests.push(git.repositoryUrl(repository), path(i), version + i));
        }
        Set<String> ids = requests.stream().map(PromotionRequested::requestId).collect(Collectors.toSet());
        long started = System.currentTimeMillis();
        client.produceAll(EventType.PROMOTION_REQUESTED, requests, PromotionRequested::requestId);
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
                git.commitCount(repository, "main") - commitsBefore,
                commits.size(),
                lost(git, repository, apps, version),
                ids);
    }

    /** What a per-update CI step does, one update after the other: fresh clone, edit, commit, push. */
    private static Round baselineRound(GitServer git, String repository, int apps, String version) {
        int commitsBefore = git.commitCount(repository, "main");
        long started = System.currentTimeMillis();
        for (int i = 0; i < apps; i++) {
            git.commit(repository, Map.of(path(i), TestRequests.values(name(i), version + i)));
        }
        long millis = System.currentTimeMillis() - started;
        int commits = git.commitCount(repository, "main") - commitsBefore;
        return new Round(millis, -1, commits, commits, lost(git, repository, apps, version), Set.of());
    }

    /** How many applications' files do not hold their new value on the server, byte for byte. */
    private static int lost(GitServer git, String repository, int apps, String version) {
        int lost = 0;
        for (int i = 0; i < apps; i++) {
            if (!TestRequests.values(name(i), version + i).equals(git.file(repository, "main", path(i)))) {
                lost++;
            }
        }
        return lost;
    }

    private static Map<String, String> gitOpsRepository(int apps) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < apps; i++) {
            files.put(path(i), TestRequests.values(name(i), "0.0.0"));
        }
        files.put("README.md", "# GitOps repository of the writer benchmark\n");
        return files;
    }

    private static String name(int app) {
        return String.format("app-%03d", app);
    }

    private static String path(int app) {
        return "apps/" + name(app) + "/values.yaml";
    }

    /**
     * One round: time to the last answer (or push) and to the first answer (-1: none), commits on the branch, commits
     * named by answers, files lost.
     */
    private record Round(
            long millis, long firstAnswerMillis, int commits, int answeredCommits, int lost, Set<String> requestIds) {

        @Override
        public String toString() {
            return String.format(
                    "%5d ms%s, %3d commit(s) on the branch (%d named by answers), %d of the files lost",
                    millis,
                    firstAnswerMillis < 0 ? "" : " (first answer at " + firstAnswerMillis + " ms)",
                    commits,
                    answeredCommits,
                    lost);
        }
    }
}
