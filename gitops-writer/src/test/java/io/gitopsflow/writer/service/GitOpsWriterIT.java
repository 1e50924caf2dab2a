package io.gitopsflow.writer.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.writer.config.WriterConfig;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** promotion-requested → a commit on the real Git server → manifest-updated, through the real broker and database. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "gitops_writer"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
class GitOpsWriterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;

    @InjectGitServer
    GitServer git;

    @Inject
    WriterConfig config;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void writesEveryRequestBatchesThoseThatArriveTogetherAndNeverWritesTwice() throws Exception {
        String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            files.put("apps/app-" + i + "/values.yaml", TestRequests.values("app-" + i));
        }
        git.createRepository(name, files);
        int commitsBefore = git.commitCount(name, "main");

        List<PromotionRequested> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(request(name, "apps/app-" + i + "/values.yaml", "1.4." + i));
        }
        Map<String, CloudEventAttributes> sent = new HashMap<>();
        for (PromotionRequested request : requests) {
            sent.put(request.requestId(), kafka.produce(EventType.PROMOTION_REQUESTED, request, request.requestId()));
        }
        Map<String, ManifestUpdated> answers = awaitAnswers(requests, 1);

        assertThat(answers.values()).extracting(ManifestUpdated::status).containsOnly(ManifestUpdated.Status.COMMITTED);
        Set<String> commits =
                answers.values().stream().map(ManifestUpdated::commit).collect(Collectors.toSet());
        assertThat(git.commitCount(name, "main") - commitsBefore).isEqualTo(commits.size());
        // each commit says how many requests it carries, and that many answers name it
        for (String commit : commits) {
            List<ManifestUpdated> carried = answers.values().stream()
                    .filter(answer -> commit.equals(answer.commit()))
                    .toList();
            assertThat(carried)
                    .allSatisfy(answer -> assertThat(answer.batchSize()).isEqualTo(carried.size()));
        }
        for (int i = 0; i < 10; i++) {
            ManifestUpdated answer = answers.get(requests.get(i).requestId());
            assertThat(answer.previousValue()).isEqualTo("0.0.0");
            assertThat(answer.newValue()).isEqualTo("1.4." + i);
            // only the scalar changed: the comment and the quoting stay
            assertThat(git.file(name, "main", "apps/app-" + i + "/values.yaml"))
                    .isEqualTo(TestRequests.values("app-" + i).replace("\"0.0.0\"", "\"1.4." + i + "\""));
        }
        try (Repository repository = git.open(name);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit head = walk.parseCommit(repository.resolve("refs/heads/main"));
            assertThat(head.getFooterLines("Promotion-Id")).isNotEmpty();
            assertThat(head.getFooterLines("Freight-Id")).isNotEmpty();
        }

        // a redelivery: the stored answer again, no commit
        PromotionRequested first = requests.get(0);
        kafka.produce(EventType.PROMOTION_REQUESTED, new EventEnvelope<>(sent.get(first.requestId()), first));
        Map<String, ManifestUpdated> again = awaitAnswers(List.of(first), 2);
        assertThat(again.get(first.requestId()).commit())
                .isEqualTo(answers.get(first.requestId()).commit());
        // a new request for what the branch already says: no-change with the head, no commit
        PromotionRequested same = request(name, "apps/app-1/values.yaml", "1.4.1");
        kafka.produce(EventType.PROMOTION_REQUESTED, same, same.requestId());
        ManifestUpdated unchanged = awaitAnswers(List.of(same), 1).get(same.requestId());
        assertThat(unchanged.status()).isEqualTo(ManifestUpdated.Status.NO_CHANGE);
        assertThat(unchanged.commit()).isEqualTo(git.head(name));
        assertThat(git.commitCount(name, "main") - commitsBefore).isEqualTo(commits.size());

        // the next write of the branch knows its head from the queue: it pushes on it without fetching first
        String headBefore = git.head(name);
        int fetchesBefore = git.uploadRequests();
        PromotionRequested next = request(name, "apps/app-2/values.yaml", "1.5.2");
        kafka.produce(EventType.PROMOTION_REQUESTED, next, next.requestId());
        ManifestUpdated written = awaitAnswers(List.of(next), 1).get(next.requestId());
        assertThat(written.status()).isEqualTo(ManifestUpdated.Status.COMMITTED);
        assertThat(git.uploadRequests()).as("no fetch").isEqualTo(fetchesBefore);
        try (Repository repository = git.open(name);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit head = walk.parseCommit(repository.resolve(written.commit()));
            assertThat(head.getParent(0).name()).isEqualTo(headBefore);
        }
    }

    @Test
    void writesAChartVersionIntoAnApplicationAndACommitIntoItsGitSource() throws Exception {
        String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(
                name,
                Map.of("apps/books-api/dev.yaml", TestRequests.APPLICATION, "apps/books-api/values.yaml", "x: 1\n"));
        String sha = "0123456789abcdef0123456789abcdef01234567";
        PromotionRequested chart = TestRequests.chart(
                git.repositoryUrl(name),
                "apps/books-api/dev.yaml",
                "registry.example.com/acme/charts/books-api",
                "1.5.0");
        PromotionRequested commit = TestRequests.commit(
                git.repositoryUrl(name), "apps/books-api/dev.yaml", "https://git.example.com/acme/books-config", sha);
        kafka.produce(EventType.PROMOTION_REQUESTED, chart, chart.requestId());
        kafka.produce(EventType.PROMOTION_REQUESTED, commit, commit.requestId());

        Map<String, ManifestUpdated> answers = awaitAnswers(List.of(chart, commit), 1);

        assertThat(answers.values()).extracting(ManifestUpdated::status).containsOnly(ManifestUpdated.Status.COMMITTED);
        assertThat(answers.get(chart.requestId()).previousValue()).isEqualTo("1.4.0");
        assertThat(answers.get(chart.requestId()).newValue()).isEqualTo("1.5.0");
        assertThat(answers.get(commit.requestId()).previousValue()).isEqualTo("HEAD");
        assertThat(answers.get(commit.requestId()).newValue()).isEqualTo(sha);
        // only the two scalars changed: comments, quoting and the other document stay
        assertThat(git.file(name, "main", "apps/books-api/dev.yaml"))
                .isEqualTo(TestRequests.APPLICATION
                        .replace("\"1.4.0\"", "\"1.5.0\"")
                        .replace("targetRevision: HEAD", "targetRevision: " + sha));
        // each commit's message names what it promotes
        try (Repository repository = git.open(name);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit ofChart = walk.parseCommit(
                    ObjectId.fromString(answers.get(chart.requestId()).commit()));
            RevCommit ofCommit = walk.parseCommit(
                    ObjectId.fromString(answers.get(commit.requestId()).commit()));
            assertThat(ofChart.getFullMessage())
                    .contains(
                            "dev: apps/books-api/dev.yaml 1.4.0 → 1.5.0 (chart registry.example.com/acme/charts/books-api"
                                    + " 1.5.0)");
            assertThat(ofCommit.getFullMessage())
                    .contains("dev: apps/books-api/dev.yaml HEAD → " + sha + " (commit"
                            + " https://git.example.com/acme/books-config " + sha + ")");
            assertThat(ofCommit.getFooterLines("Promotion-Id")).contains(commit.promotionId());
        }
    }

    @Test
    void packsTheClonesObjectsAfterABatchsAnswersAreOut() throws Exception {
        String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, Map.of("values.yaml", TestRequests.values("app")));
        PromotionRequested first = request(name, "values.yaml", "3.0.0");
        kafka.produce(EventType.PROMOTION_REQUESTED, first, first.requestId());
        awaitAnswers(List.of(first), 1);
        Path clone = cloneOf(git.repositoryUrl(name));
        // pack as soon as there is more than one pack (50 by default)
        try (Git opened = Git.open(clone.toFile())) {
            StoredConfig config = opened.getRepository().getConfig();
            config.setInt("gc", null, "autoPackLimit", 1);
            config.save();
        }

        PromotionRequested second = request(name, "values.yaml", "3.0.1");
        kafka.produce(EventType.PROMOTION_REQUESTED, second, second.requestId());
        assertThat(awaitAnswers(List.of(second), 1).get(second.requestId()).status())
                .isEqualTo(ManifestUpdated.Status.COMMITTED);

        // the clone fetched, then stored the batch as a pack of its own: housekeeping merges them into one
        await().atMost(WAIT).untilAsserted(() -> assertThat(packs(clone)).isEqualTo(1));
        PromotionRequested third = request(name, "values.yaml", "3.0.2");
        kafka.produce(EventType.PROMOTION_REQUESTED, third, third.requestId());
        assertThat(awaitAnswers(List.of(third), 1).get(third.requestId()).status())
                .isEqualTo(ManifestUpdated.Status.COMMITTED);
        assertThat(git.file(name, "main", "values.yaml")).isEqualTo(TestRequests.values("app", "3.0.2"));
    }

    /** The local clone gitops-writer keeps for {@code url}: the folder whose remote is {@code url}. */
    private Path cloneOf(String url) throws Exception {
        try (Stream<Path> folders = Files.list(Path.of(config.workDirectory()))) {
            for (Path folder : folders.toList()) {
                Path gitConfig = folder.resolve(".git/config");
                if (Files.isRegularFile(gitConfig)
                        && Files.readString(gitConfig).contains(url)) {
                    return folder;
                }
            }
        }
        throw new AssertionError("no clone of " + url + " in " + config.workDirectory());
    }

    private static long packs(Path clone) throws Exception {
        try (Stream<Path> files = Files.list(clone.resolve(".git/objects/pack"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".pack"))
                    .count();
        }
    }

    @Test
    void answersWhatCannotBeWrittenWithTheReasonAndSendsPoisonToTheDeadLetterTopic() throws Exception {
        String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, Map.of("values.yaml", TestRequests.values("app")));
        int commitsBefore = git.commitCount(name, "main");

        PromotionRequested missing = request(name, "apps/nowhere/values.yaml", "2.0.0");
        PromotionRequested scalarParent = TestRequests.helm(
                git.repositoryUrl(name),
                "values.yaml",
                "image.tag.deeper",
                "dev",
                "promo-deeper",
                "freight-2-0-0",
                "2.0.0",
                GitOpsTarget.WriteMode.PUSH,
                null);
        PromotionRequested notAllowed = new PromotionRequested(
                UUID.randomUUID().toString(),
                "promo-x",
                "books-api",
                "dev",
                "freight-x",
                null,
                new ImageRef("registry.example.com/acme/app", "2.0.0", TestRequests.DIGEST),
                null,
                new GitOpsTarget(
                        "https://elsewhere.example.com/acme/gitops.git",
                        "main",
                        "values.yaml",
                        GitOpsTarget.EditKind.HELM_VALUES,
                        "image.tag",
                        GitOpsTarget.ValueFormat.TAG,
                        GitOpsTarget.WriteMode.PUSH,
                        null),
                "ana",
                Instant.now());
        for (PromotionRequested request : List.of(missing, scalarParent, notAllowed)) {
            kafka.produce(EventType.PROMOTION_REQUESTED, request, request.requestId());
        }
        Map<String, ManifestUpdated> answers = awaitAnswers(List.of(missing, scalarParent, notAllowed), 1);
        assertThat(answers.values()).extracting(ManifestUpdated::status).containsOnly(ManifestUpdated.Status.FAILED);
        assertThat(answers.get(missing.requestId()).reason()).contains("apps/nowhere/values.yaml");
        assertThat(answers.get(notAllowed.requestId()).reason()).contains("allow-list");
        assertThat(answers.get(scalarParent.requestId()).reason()).isNotBlank();
        assertThat(git.commitCount(name, "main")).isEqualTo(commitsBefore);

        String poisonKey = "poison-" + UUID.randomUUID();
        kafka.produceRaw(
                EventType.PROMOTION_REQUESTED.topic(),
                poisonKey,
                "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of());
        List<ConsumerRecord<String, byte[]>> dead = kafka.awaitRecords(
                EventType.PROMOTION_REQUESTED.deadLetterTopic(), 1, r -> poisonKey.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).isNotBlank();
    }

    @Test
    void reportsReadinessWithBrokerAndDatabaseMetricsOfTheWritesAndTheApi() {
        String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, Map.of("values.yaml", TestRequests.values("app")));
        PromotionRequested request = request(name, "values.yaml", "3.1.0");
        kafka.produce(EventType.PROMOTION_REQUESTED, request, request.requestId());
        awaitAnswers(List.of(request), 1);

        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL connections health check"))
                .body(containsString("SmallRye Reactive Messaging - readiness check"))
                .body(containsString("promotion-requested"))
                .body(containsString("manifest-updated"));
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("gitopsflow_writer_requests_total{status=\"committed\"}"))
                .body(containsString("gitopsflow_writer_write_duration_seconds_count"))
                .body(containsString("gitopsflow_writer_batch_size_count"));
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("\"/writes\""))
                .body(containsString("\"/writes/{requestId}\""));
        given().auth()
                .oauth2(JwtTestResource.token("viewer"))
                .get("/writes/" + request.requestId())
                .then()
                .statusCode(200)
                .body("artifact", equalTo("image registry.example.com/acme/app:3.1.0"))
                .body("status", equalTo("COMMITTED"))
                .body("newValue", equalTo("3.1.0"))
                .body("commit", equalTo(git.head(name)));
        given().auth()
                .oauth2(JwtTestResource.token("viewer"))
                .get("/writes/no-such-request")
                .then()
                .statusCode(404);
        // the API is for signed-in users only; what it refuses, it refuses with a reason and a 4xx
        given().get("/writes/" + request.requestId()).then().statusCode(401);
        given().get("/writes").then().statusCode(401);
        given().auth()
                .oauth2(JwtTestResource.foreignToken("mallory"))
                .get("/writes/" + request.requestId())
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(JwtTestResource.token("viewer"))
                .get("/writes/" + "x".repeat(300))
                .then()
                .statusCode(400)
                .body("error", containsString("request id"));
        given().auth()
                .oauth2(JwtTestResource.token("viewer"))
                .queryParam("status", "DROP TABLE")
                .get("/writes")
                .then()
                .statusCode(400)
                .body("error", containsString("status must be one of"));
    }

    private Map<String, ManifestUpdated> awaitAnswers(List<PromotionRequested> requests, int copies) {
        return TestRequests.awaitAnswers(kafka, requests, copies, WAIT);
    }

    private PromotionRequested request(String name, String path, String tag) {
        return TestRequests.push(git.repositoryUrl(name), path, tag);
    }
}
