package io.gitopsflow.buildworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What an outage test of build-worker pushes and checks afterwards: applications pushed to main, each commit built and
 * published exactly once (one {@code image-published} per commit and ref), no {@code build-failed} for them, and none
 * of their records in {@code commit-pushed.dlq}.
 */
public final class OutageChecks {

    private final GitServer git;
    private final KafkaTestClient kafka;
    private final String registry;
    private final String prefix = "acme/outage-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    /** Commit SHA -> repository, of every push made. */
    private final Map<String, String> pushed = new HashMap<>();

    public OutageChecks(GitServer git, KafkaTestClient kafka, String registry) {
        this.git = git;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Creates application {@code n} and publishes a push of its head to main; answers the commit. */
    public String push(int n) {
        return push(n, Duration.ZERO);
    }

    /** As {@link #push(int)}, the Git host answering each request of the application {@code slowly}. */
    public String push(int n, Duration slowly) {
        String name = prefix + n;
        git.createRepository(
                name,
                Map.of(
                        "Dockerfile",
                        "FROM " + registry + "/base/tiny:1\nCOPY app.txt /app/app.txt\n",
                        "app.txt",
                        "outage " + n + "\n"));
        String sha = git.head(name);
        if (!slowly.isZero()) {
            git.delay(name, slowly);
        }
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, sha), sha);
        pushed.put(sha, name);
        return sha;
    }

    /** The Git host answers every application's requests at once again. */
    public void answerPromptly() {
        pushed.values().forEach(name -> git.delay(name, Duration.ZERO));
    }

    /**
     * Waits until every pushed commit has its image, then checks for a while that none gets a second one.
     *
     * @return when the last of the images was published
     */
    public Instant assertEveryCommitPublishedExactlyOnce(Duration within) {
        await("an image of each of " + pushed.size() + " commits")
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> published(EventType.IMAGE_PUBLISHED, image -> image.source())
                        .keySet()
                        .containsAll(pushed.keySet()));
        // longer than a lease and a tick: a build run twice would publish again
        await().during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(published(EventType.IMAGE_PUBLISHED, image -> image.source()))
                        .allSatisfy((sha, count) -> assertThat(count)
                                .as("image-published of " + sha)
                                .isEqualTo(1)));
        assertThat(published(EventType.BUILD_FAILED, failure -> failure.source()))
                .as("build-failed of the pushed commits")
                .isEmpty();
        assertThat(deadLettered())
                .as("commit-pushed.dlq records of the pushed repositories")
                .isEmpty();
        return kafka.readAll(EventType.IMAGE_PUBLISHED.topic(), record -> true).stream()
                .flatMap(record -> KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, record).stream())
                .map(EventEnvelope::data)
                .filter(image -> image.source() != null
                        && pushed.containsKey(image.source().commit()))
                .map(ImagePublished::publishedAt)
                .max(Instant::compareTo)
                .orElseThrow();
    }

    /** How many events of {@code type} each pushed commit has (only those with at least one). */
    private <T extends GitopsFlowEvent> Map<String, Integer> published(
            EventType<T> type, Function<T, SourceCommit> source) {
        Map<String, Integer> counts = new HashMap<>();
        kafka.readAll(type.topic(), record -> true)
                .forEach(record -> KafkaTestClient.decode(type, record)
                        .map(event -> source.apply(event.data()))
                        .filter(commit -> commit != null && pushed.containsKey(commit.commit()))
                        .ifPresent(commit -> counts.merge(commit.commit(), 1, Integer::sum)));
        return counts;
    }

    private List<String> deadLettered() {
        List<String> found = new ArrayList<>();
        Set<String> repositories = Set.copyOf(pushed.values());
        kafka.readAll(EventType.COMMIT_PUSHED.deadLetterTopic(), record -> true)
                .forEach(record -> KafkaTestClient.decode(EventType.COMMIT_PUSHED, record)
                        .map(event -> event.data().repository().fullName())
                        .filter(repositories::contains)
                        .ifPresent(found::add));
        return found;
    }

    /** The repository names of the pushes, for the REST API. */
    public Set<String> repositories() {
        return Set.copyOf(pushed.values());
    }

    public int pushes() {
        return pushed.size();
    }
}
