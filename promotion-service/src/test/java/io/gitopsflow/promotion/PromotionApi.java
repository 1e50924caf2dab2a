package io.gitopsflow.promotion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the newer ITs do through the service's real API and topics: publish build-worker's images, answer
 * gitops-writer's requests, promote, abort, read stages and the audit trail.
 */
public final class PromotionApi {

    public static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaTestClient kafka;

    public PromotionApi(KafkaTestClient kafka) {
        this.kafka = kafka;
    }

    /**
     * build-worker's announcement of {@code commit} of {@code main} built as number {@code number}: tags the SHA and
     * {@code main-<sha7>-<number>}; returns the branch tag.
     */
    public String publishBuild(String pipeline, String commit, long number, Instant publishedAt) {
        return publishBuild(pipeline, commit, number, publishedAt, TestEvents.digest());
    }

    /** build-worker's announcement of build {@code number} of {@code commit}, pushed with {@code digest}. */
    public String publishBuild(String pipeline, String commit, long number, Instant publishedAt, String digest) {
        String tag = "main-" + commit.substring(0, 7) + "-" + number;
        ImagePublished image = new ImagePublished(
                "registry.test/acme/" + pipeline,
                List.of(commit, tag),
                digest,
                new SourceCommit(
                        "acme/" + pipeline, "https://git.test/acme/" + pipeline + ".git", commit, "refs/heads/main"),
                "b-" + commit.substring(0, 12),
                ImagePublished.Origin.BUILD_WORKER,
                publishedAt,
                null);
        kafka.produce(EventType.IMAGE_PUBLISHED, image, commit);
        return tag;
    }

    /** A registry's push notification of {@code pipeline}'s image: one tag, no source. */
    public void publishFromRegistry(String pipeline, String tag, String digest) {
        ImagePublished image = new ImagePublished(
                "registry.test/acme/" + pipeline,
                List.of(tag),
                digest,
                null,
                null,
                ImagePublished.Origin.REGISTRY,
                Instant.now(),
                null);
        kafka.produce(EventType.IMAGE_PUBLISHED, image, digest);
    }

    /** An image of {@code pipeline}'s repository tagged {@code tag}. */
    public void publish(String pipeline, String tag) {
        String commit = TestEvents.sha();
        kafka.produce(
                EventType.IMAGE_PUBLISHED,
                TestEvents.image("registry.test/acme/" + pipeline, List.of(tag), commit, TestEvents.digest()),
                commit);
    }

    /** A commit SHA starting with {@code prefix}. */
    public static String commit(String prefix) {
        return prefix + TestEvents.sha().substring(prefix.length());
    }

    /** Waits for the request that promotes the image tagged {@code tag} into the stage. */
    public EventEnvelope<PromotionRequested> awaitRequest(String pipeline, String stage, String tag) {
        return kafka.awaitEvent(
                EventType.PROMOTION_REQUESTED,
                e -> e.data().project().equals(pipeline)
                        && e.data().stage().equals(stage)
                        && e.data().image() != null
                        && tag.equals(e.data().image().tag()),
                WAIT);
    }

    public EventEnvelope<PromotionRequested> awaitRequestOf(String promotionId) {
        return kafka.awaitEvent(
                EventType.PROMOTION_REQUESTED, e -> e.data().promotionId().equals(promotionId), WAIT);
    }

    /** gitops-writer committed the request. */
    public void committed(PromotionRequested request) {
        kafka.produce(
                EventType.MANIFEST_UPDATED,
                TestEvents.answer(request, ManifestUpdated.Status.COMMITTED, TestEvents.sha(), null),
                request.sourceCommit());
    }

    /** The promotion requests of the pipeline's stage published so far. */
    public List<PromotionRequested> requests(String pipeline, String stage) {
        return kafka
                .readAll(
                        EventType.PROMOTION_REQUESTED.topic(),
                        r -> KafkaTestClient.decode(EventType.PROMOTION_REQUESTED, r)
                                .filter(e -> e.data().project().equals(pipeline)
                                        && e.data().stage().equals(stage))
                                .isPresent())
                .stream()
                .map(r -> KafkaTestClient.decode(EventType.PROMOTION_REQUESTED, r)
                        .orElseThrow()
                        .data())
                .toList();
    }

    /** Promotes the Freight by hand; returns the promotion's id. */
    public static String promote(String pipeline, String stage, String freight, String token) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("freight", freight))
                .post("/pipelines/{p}/stages/{s}/promotions", pipeline, stage)
                .then()
                .statusCode(201)
                .extract()
                .path("promotion.id");
    }

    /** Aborts or rejects ({@code action}) a promotion. */
    public static void act(String promotionId, String action, String token) {
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "by the test"))
                .post("/promotions/{id}/" + action, promotionId)
                .then()
                .statusCode(200);
    }

    public static JsonPath stage(String pipeline, String stage) {
        List<Map<String, Object>> stages = given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines/{p}/stages", pipeline)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> found = stages.stream()
                .filter(s -> stage.equals(s.get("name")))
                .findFirst()
                .orElseThrow();
        return JsonPath.from(EventCodec.mapper().valueToTree(found).toString());
    }

    /** Waits until the stage runs the Freight. */
    public static void awaitCurrent(String pipeline, String stage, String freightId) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> freightId.equals(stage(pipeline, stage).getString("freightId")));
    }

    /** Waits for the pipeline's Freight of the image tagged {@code tag}; returns its id. */
    public static String awaitFreight(String pipeline, String tag) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            List<Map<String, Object>> freight = given().auth()
                                    .oauth2(TestSupport.token("viewer"))
                                    .get("/pipelines/{p}/freight", pipeline)
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath()
                                    .getList("$");
                            return freight.stream()
                                    .filter(f -> ((List<?>) f.get("artifacts"))
                                            .stream().anyMatch(a -> tag.equals(((Map<?, ?>) a).get("tag"))))
                                    .map(f -> (String) f.get("id"))
                                    .findFirst()
                                    .orElse(null);
                        },
                        Objects::nonNull);
    }

    /** The audit trail of the pipeline's stage, oldest first. */
    public static JsonPath audit(String pipeline, String stage) {
        return given().auth()
                .oauth2(TestSupport.token("auditor"))
                .queryParam("pipeline", pipeline)
                .queryParam("stage", stage)
                .get("/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
