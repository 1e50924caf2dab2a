package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
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
class GitOpsWriterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static KafkaTestClient kafka;

    @InjectGitServer
    GitServer git;

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
            files.put("apps/app-" + i + "/values.yaml", values("app-" + i));
        }
        git.createRepository(name, files);
        int commitsBefore = commitCount(name);

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
        assertThat(commitCount(name) - commitsBefore).isEqualTo(commits.size());
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
            assertThat(file(name, "apps/app-" + i + "/values.yaml"))
                    .isEqualTo(values("app-" + i).replace("\"0.0.0\"", "\"1.4." + i + "\""));
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
        assertThat(commitCount(name) - commitsBefore).isEqualTo(commits.size());
    }

    @Test
    void answersWhatCannotBeWrittenWithTheReasonAndSendsPoisonToTheDeadLetterTopic() throws Exception {
        String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, Map.of("values.yaml", values("app")));
        int commitsBefore = commitCount(name);

        PromotionRequested missing = request(name, "apps/nowhere/values.yaml", "2.0.0");
        PromotionRequested scalarParent = requestField(name, "values.yaml", "image.tag.deeper", "2.0.0");
        PromotionRequested notAllowed = new PromotionRequested(
                UUID.randomUUID().toString(),
                "promo-x",
                "books-api",
                "dev",
                "freight-x",
                null,
                new ImageRef("registry.example.com/acme/app", "2.0.0", DIGEST),
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
        assertThat(commitCount(name)).isEqualTo(commitsBefore);

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

    private Map<String, ManifestUpdated> awaitAnswers(List<PromotionRequested> requests, int copies) {
        Set<String> ids = requests.stream().map(PromotionRequested::requestId).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> records = kafka.awaitRecords(
                EventType.MANIFEST_UPDATED.topic(),
                ids.size() * copies,
                r -> KafkaTestClient.decode(EventType.MANIFEST_UPDATED, r)
                        .map(e -> ids.contains(e.data().requestId()))
                        .orElse(false),
                WAIT);
        Map<String, ManifestUpdated> answers = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ManifestUpdated answer = KafkaTestClient.decode(EventType.MANIFEST_UPDATED, record)
                    .orElseThrow()
                    .data();
            seen.add(answer.requestId());
            answers.put(answer.requestId(), answer);
        }
        assertThat(seen).isEqualTo(ids);
        return answers;
    }

    private PromotionRequested request(String name, String path, String tag) {
        return requestField(name, path, "image.tag", tag);
    }

    private PromotionRequested requestField(String name, String path, String field, String tag) {
        return new PromotionRequested(
                UUID.randomUUID().toString(),
                "promo-" + UUID.randomUUID().toString().substring(0, 8),
                "books-api",
                "dev",
                "freight-" + tag.replace('.', '-'),
                null,
                new ImageRef("registry.example.com/acme/app", tag, DIGEST),
                null,
                new GitOpsTarget(
                        git.repositoryUrl(name),
                        "main",
                        path,
                        GitOpsTarget.EditKind.HELM_VALUES,
                        field,
                        GitOpsTarget.ValueFormat.TAG,
                        GitOpsTarget.WriteMode.PUSH,
                        null),
                "ana",
                Instant.now());
    }

    private static String values(String app) {
        return "# " + app + " in dev (written by gitops-flow)\n"
                + "replicaCount: 1\n"
                + "image:\n"
                + "  repository: registry.example.com/acme/app # where CI pushes\n"
                + "  tag: \"0.0.0\" # the promoted image\n"
                + "resources:\n"
                + "  limits: {cpu: 500m}\n";
    }

    private int commitCount(String name) throws Exception {
        try (Repository repository = git.open(name);
                Git g = new Git(repository)) {
            int count = 0;
            for (RevCommit ignored : g.log().call()) {
                count++;
            }
            return count;
        }
    }

    private String file(String name, String path) throws Exception {
        try (Repository repository = git.open(name);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit head = walk.parseCommit(repository.resolve("refs/heads/main"));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, head.getTree())) {
                return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
