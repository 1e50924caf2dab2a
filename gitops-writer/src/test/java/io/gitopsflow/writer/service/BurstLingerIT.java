package io.gitopsflow.writer.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.writer.ManifestWrite;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A burst that reaches the writer over several polls is one commit, even when the dispatcher's safety-net tick comes
 * in the middle of it: the tick leaves a burst that is still arriving to its linger.
 */
@QuarkusTest
@TestProfile(BurstLingerIT.FrequentTicks.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "gitops_writer_linger"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
class BurstLingerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectGitServer
    GitServer git;

    /**
     * A tick every 50 ms, a linger far longer than the gap inside the burst: the gap is the 400 ms the test holds the
     * first part back plus the time the second part takes to reach the writer, which on a loaded 2-core CI machine
     * went past a 1.5 s linger once (two commits). Ticks every 50 ms still claim the first part at once if fill() does
     * not leave a lingering burst alone, whatever the linger.
     */
    public static class FrequentTicks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gitops-flow.writer.dispatch-interval", "50ms",
                    "gitops-flow.writer.batch-linger", "6s",
                    // every poll lingers alike here, a lone one too (however the first part's records are polled)
                    "gitops-flow.writer.batch-linger-lone", "6s",
                    "gitops-flow.writer.batch-linger-max", "30s");
        }
    }

    @Test
    void aBurstArrivingInTwoPartsWhileTheDispatcherTicksIsOneCommit() throws Exception {
        String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            files.put(path(i), TestRequests.values("app-" + i));
        }
        git.createRepository(name, files);
        int commitsBefore = git.commitCount(name, "main");
        List<PromotionRequested> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(TestRequests.push(git.repositoryUrl(name), path(i), "2.0." + i));
        }

        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            // the writer is consuming already (its partitions assigned): one request answered first, elsewhere
            String other = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
            git.createRepository(other, Map.of(path(0), TestRequests.values("app-0")));
            PromotionRequested first = TestRequests.push(git.repositoryUrl(other), path(0), "1.0.0");
            kafka.produce(EventType.PROMOTION_REQUESTED, first, first.requestId());
            TestRequests.awaitAnswers(kafka, List.of(first), 1, WAIT);
            // and its REST API has answered once (the first request warms it up), so the checks below are quick
            given().auth()
                    .oauth2(JwtTestResource.token("viewer"))
                    .get("/writes/" + first.requestId())
                    .then()
                    .statusCode(200);

            kafka.produceAll(EventType.PROMOTION_REQUESTED, requests.subList(0, 3), PromotionRequested::requestId);
            // the first part is queued, and stays queued (not claimed) over several 50 ms ticks before the rest arrives
            List<String> firstPart = requests.subList(0, 3).stream()
                    .map(PromotionRequested::requestId)
                    .toList();
            await().atMost(WAIT).untilAsserted(() -> assertQueued(firstPart));
            await().during(Duration.ofMillis(400))
                    .atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertQueued(firstPart));
            kafka.produceAll(EventType.PROMOTION_REQUESTED, requests.subList(3, 6), PromotionRequested::requestId);
            Map<String, ManifestUpdated> answers = TestRequests.awaitAnswers(kafka, requests, 1, WAIT);

            assertThat(answers.values())
                    .extracting(ManifestUpdated::status)
                    .containsOnly(ManifestUpdated.Status.COMMITTED);
            assertThat(answers.values()).extracting(ManifestUpdated::commit).containsOnly(git.head(name));
            assertThat(answers.values()).extracting(ManifestUpdated::batchSize).containsOnly(6);
            assertThat(git.commitCount(name, "main") - commitsBefore).isEqualTo(1);
        }
    }

    private static void assertQueued(List<String> requestIds) {
        for (String id : requestIds) {
            given().auth()
                    .oauth2(JwtTestResource.token("viewer"))
                    .get("/writes/" + id)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(ManifestWrite.QUEUED));
        }
    }

    private static String path(int app) {
        return "apps/app-" + app + "/values.yaml";
    }
}
