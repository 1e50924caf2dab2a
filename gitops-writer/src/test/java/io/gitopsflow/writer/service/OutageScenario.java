package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.git.CommitTrailers;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * An outage test's common part: requests produced in waves while something the writer needs is down, and what must
 * hold once it is back — every request answered exactly once with the commit that carries it, one commit per batch,
 * nothing in {@code promotion-requested.dlq}.
 */
final class OutageScenario {

    // three waves 2.5 s apart meet it, and so do several retries (the Git host's 2 s apart at most in tests, the
    // database's from 200 ms, doubling)
    static final Duration OUTAGE = Duration.ofSeconds(10);
    static final Duration WAIT = Duration.ofSeconds(90);
    private static final int WAVES = 3;
    private static final int PER_WAVE = 3;

    private final GitServer git;
    private final KafkaTestClient kafka;
    private final String repository =
            "outage/gitops-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<PromotionRequested> requests = new ArrayList<>();
    private int commitsBefore;
    private int deadLettersBefore;

    OutageScenario(GitServer git, KafkaTestClient kafka) {
        this.git = git;
        this.kafka = kafka;
    }

    /** The GitOps repository, and one request answered elsewhere first, so the writer is consuming already. */
    void prepare() {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < WAVES * PER_WAVE; i++) {
            files.put(path(i), TestRequests.values("app-" + i));
        }
        git.createRepository(repository, files);
        commitsBefore = git.commitCount(repository, "main");
        String warmUp = "outage/warm-up-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(warmUp, Map.of(path(0), TestRequests.values("app-0")));
        PromotionRequested first = TestRequests.push(git.repositoryUrl(warmUp), path(0), "1.0.0");
        kafka.produce(EventType.PROMOTION_REQUESTED, first, first.requestId());
        TestRequests.awaitAnswers(kafka, List.of(first), 1, WAIT);
        deadLettersBefore = deadLetters(record -> true).size();
    }

    /** Produces the requests in waves spread over the outage, which began at {@code outageBegan} (nanoTime). */
    void produceDuring(long outageBegan) throws InterruptedException {
        for (int wave = 0; wave < WAVES; wave++) {
            List<PromotionRequested> sent = new ArrayList<>();
            for (int i = wave * PER_WAVE; i < (wave + 1) * PER_WAVE; i++) {
                sent.add(TestRequests.push(git.repositoryUrl(repository), path(i), "2.0." + i));
            }
            kafka.produceAll(EventType.PROMOTION_REQUESTED, sent, PromotionRequested::requestId);
            requests.addAll(sent);
            sleepUntil(outageBegan + OUTAGE.toNanos() * (wave + 1) / (WAVES + 1));
        }
        sleepUntil(outageBegan + OUTAGE.toNanos());
    }

    /** No request was answered while the outage lasted: not FAILED, not anything. */
    void assertUnansweredSoFar() {
        Set<String> ids = ids();
        assertThat(kafka.readAll(
                        EventType.MANIFEST_UPDATED.topic(), record -> TestRequests.answerTo(record, ids) != null))
                .isEmpty();
    }

    /**
     * Waits for the answers, checks them, and returns how long after {@code back} (nanoTime) the last one came.
     *
     * @return the figures: time to the last answer, commits, requests
     */
    Figures assertEachAnsweredOnceWithItsCommit(long back) throws Exception {
        Map<String, ManifestUpdated> answers = TestRequests.awaitAnswers(kafka, requests, 1, WAIT);
        Duration answered = Duration.ofNanos(System.nanoTime() - back);
        assertThat(answers.values()).extracting(ManifestUpdated::status).containsOnly(ManifestUpdated.Status.COMMITTED);
        Set<String> commits =
                answers.values().stream().map(ManifestUpdated::commit).collect(Collectors.toSet());
        assertThat(git.commitCount(repository, "main") - commitsBefore)
                .as("one commit per batch")
                .isEqualTo(commits.size());
        for (String commit : commits) {
            List<ManifestUpdated> carried = answers.values().stream()
                    .filter(answer -> commit.equals(answer.commit()))
                    .toList();
            assertThat(carried)
                    .allSatisfy(answer -> assertThat(answer.batchSize()).isEqualTo(carried.size()));
            String message = message(commit);
            assertThat(carried)
                    .allSatisfy(answer -> assertThat(
                                    CommitTrailers.carries(message, CommitTrailers.PROMOTION_ID, answer.promotionId()))
                            .as("the commit carries promotion %s", answer.promotionId())
                            .isTrue());
        }
        for (int i = 0; i < requests.size(); i++) {
            assertThat(git.file(repository, "main", path(i))).isEqualTo(TestRequests.values("app-" + i, "2.0." + i));
        }
        // exactly once: no second answer comes later either
        Set<String> ids = ids();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(kafka.readAll(
                                EventType.MANIFEST_UPDATED.topic(),
                                record -> TestRequests.answerTo(record, ids) != null))
                        .hasSize(requests.size()));
        assertThat(deadLetters(record -> true)).as("promotion-requested.dlq").hasSize(deadLettersBefore);
        return new Figures(answered, commits.size(), requests.size());
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> match) {
        return kafka.readAll(EventType.PROMOTION_REQUESTED.deadLetterTopic(), match);
    }

    private String message(String commit) throws Exception {
        try (Repository opened = git.open(repository);
                RevWalk walk = new RevWalk(opened)) {
            return walk.parseCommit(ObjectId.fromString(commit)).getFullMessage();
        }
    }

    private Set<String> ids() {
        return requests.stream().map(PromotionRequested::requestId).collect(Collectors.toSet());
    }

    private static String path(int app) {
        return "apps/app-" + app + "/values.yaml";
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left).toMillis() + 1);
        }
    }

    /** What an outage test prints. */
    record Figures(Duration lastAnswerAfterBack, int commits, int requests) {}
}
