package io.gitopsflow.gateway;

import static io.gitopsflow.gateway.Webhooks.Change.touching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.Topics;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.gateway.repository.DeliveryRepository;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 17, finding 3: one bad delivery id is refused on its own and never fails the webhooks claimed with it. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "event_gateway"))
class DeliveryIsolationIT {

    private static final String BOOKS_SECRET = "books-api-secret";
    private static KafkaTestClient kafka;

    @Inject
    DeliveryRepository deliveries;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aTenThousandCharacterDeliveryIdGets400AloneWhileSixtyConcurrentInnocentOnesArePublishedOnce()
            throws Exception {
        int innocent = 60;
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> deliveryIds = new ArrayList<>();
        List<Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < innocent; i++) {
            String delivery = run + "-" + i;
            deliveryIds.add(delivery);
            byte[] body = Webhooks.bytes(Webhooks.githubPush(
                    "acme/books-api", "refs/heads/main", List.of(touching("Innocent " + i, "src/I" + i + ".java"))));
            requests.add(() -> Webhooks.sendGithub("push", delivery, body, BOOKS_SECRET));
        }
        byte[] hostileBody = Webhooks.bytes(
                Webhooks.githubPush("acme/books-api", "refs/heads/main", List.of(touching("Hostile", "src/H.java"))));
        String hugeId = run + "x".repeat(10_000 - run.length());
        requests.add(innocent / 2, () -> Webhooks.sendGithub("push", hugeId, hostileBody, BOOKS_SECRET));

        List<Response> responses = sendAll(requests, 61);

        Map<Integer, Integer> statuses = new TreeMap<>();
        responses.forEach(response -> statuses.merge(response.statusCode(), 1, Integer::sum));
        System.out.printf("[finding 3] %d innocent + 1 hostile delivery: statuses %s%n", innocent, statuses);
        Response hostile = responses.get(innocent / 2);
        hostile.then()
                .statusCode(400)
                .body("reason", startsWith("invalid delivery id"))
                .body("reason", org.hamcrest.Matchers.endsWith("must be at most 200 characters (was 10000)"));
        assertThat(statuses).isEqualTo(Map.of(202, innocent, 400, 1));
        org.awaitility.Awaitility.await()
                .atMost(30, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(published(run)).hasSize(innocent));
        assertThat(published(run)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(deliveryIds);
    }

    @Test
    void aClaimTheDatabaseRefusesFailsAloneAndNotTheOthersOfItsBatch() throws Exception {
        OffsetDateTime staleBefore = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(30);
        String run = UUID.randomUUID().toString();
        List<CompletableFuture<Boolean>> claims = new ArrayList<>();
        // more claims than statements run at once: the later ones wait and are written together in one statement
        for (int i = 0; i < 40; i++) {
            String key = i == 20 ? "test:" + "k".repeat(500) : "test:" + run + "-" + i;
            claims.add(
                    deliveries.claim(key, "test", "acme/books-api", staleBefore).subscribeAsCompletionStage());
        }
        int claimed = 0;
        int failed = 0;
        for (int i = 0; i < claims.size(); i++) {
            try {
                assertThat(claims.get(i).get(30, TimeUnit.SECONDS))
                        .as("claim %d", i)
                        .isTrue();
                claimed++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(i).as("the failed claim").isEqualTo(20);
                failed++;
            }
        }
        System.out.printf(
                "[finding 3] 40 claims in batches, one key of 505 characters: %d claimed, %d failed%n",
                claimed, failed);
        assertThat(claimed).isEqualTo(39);
        assertThat(failed).isEqualTo(1);
    }

    @Test
    void registryPushesWhoseKeyWouldPassTheColumnArePublishedOnceAndStillDeduplicated() {
        String digest = "sha256:" + "cd".repeat(32);
        String repository =
                "acme/" + "r".repeat(200) + UUID.randomUUID().toString().substring(0, 8);
        String tag = "t".repeat(128);
        String envelope = """
                {"events": [{"id": "e1", "timestamp": "2026-11-20T10:15:30Z", "action": "push",
                   "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s",
                     "repository": "%s", "tag": "%s"},
                   "request": {"host": "registry.local:5000", "method": "PUT"}}]}
                """.formatted(digest, repository, tag);

        String eventId = sendRegistry(envelope).then().statusCode(202).extract().path("eventIds[0]");
        sendRegistry(envelope).then().statusCode(200).body("outcome", equalTo("duplicate"));

        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED,
                        e -> e.attributes().id().equals(eventId),
                        java.time.Duration.ofSeconds(30))
                .data();
        assertThat(("registry:" + image.imageRepository() + ":" + tag + "@" + digest).length())
                .isGreaterThan(400);
        assertThat(kafka.readAll(Topics.IMAGE_PUBLISHED, r -> true).stream()
                        .map(record -> KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, record))
                        .flatMap(java.util.Optional::stream)
                        .filter(e -> e.data().imageRepository().equals(image.imageRepository())))
                .hasSize(1);
    }

    private static Response sendRegistry(String envelope) {
        return given().contentType("application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer registry-token")
                .body(envelope)
                .post("/webhooks/registry");
    }

    private static List<Response> sendAll(List<Callable<Response>> requests, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Response> responses = new ArrayList<>();
            for (Future<Response> response : pool.invokeAll(requests)) {
                responses.add(response.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> published(String run) {
        return kafka.readAll(Topics.COMMIT_PUSHED, r -> true).stream()
                .map(record -> KafkaTestClient.decode(EventType.COMMIT_PUSHED, record))
                .flatMap(java.util.Optional::stream)
                .map(EventEnvelope::data)
                .map(CommitPushed::deliveryId)
                .filter(id -> id.startsWith(run))
                .toList();
    }
}
