package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.TestEvents.sha;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.promotion.TestTopics;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.OutagePostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * promotion-service's PostgreSQL stops for 10 s while images, gitops-writer's answers and analysis verdicts arrive:
 * readiness says why meanwhile, nothing goes to a dead-letter topic, and once the database is back every record has
 * had its effect exactly once (one Freight per image, each promotion advanced once, one promotion-requested per write,
 * one stage-promoted per promotion).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = OutagePostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_outage"))
@WithTestResource(TestSupport.class)
@WithTestResource(TestTopics.class)
class PostgresOutageIT {

    // the consumers' retries (from 200 ms, doubling) meet it five times
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String IMAGE = "registry.test/acme/outage";
    private static final String VERIFIED_IMAGE = "registry.test/acme/outage-verified";
    private static final String PIPELINES = """
            name: outage
            warehouse:
              subscriptions:
                - image: registry.test/acme/outage
            stages:
              - name: dev
                autoPromotion: true
                targets:
                  - {repositoryUrl: "https://git.test/acme/gitops.git", branch: main, path: outage/dev.yaml,
                     kind: manifest-image}
              - name: staging
                sources: [dev]
                autoPromotion: true
                targets:
                  - {repositoryUrl: "https://git.test/acme/gitops.git", branch: main, path: outage/staging.yaml,
                     kind: manifest-image}
            ---
            name: outage-verified
            warehouse:
              subscriptions:
                - image: registry.test/acme/outage-verified
            stages:
              - name: dev
                autoPromotion: true
                verification: {templates: [{name: smoke}]}
                targets:
                  - {repositoryUrl: "https://git.test/acme/gitops.git", branch: main, path: verified/dev.yaml,
                     kind: manifest-image}
            """;

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aDatabaseOutageWhileRecordsArriveLosesNoRecordAndDoesNothingTwice() throws Exception {
        declareThePipelines();
        // before: outage/dev waits for gitops-writer's answer, outage-verified/dev for its analysis
        publishImage(IMAGE, "1.0.0");
        PromotionRequested written = awaitRequest("outage", "dev", r -> true);
        publishImage(VERIFIED_IMAGE, "1.0.0");
        PromotionRequested verifiedWrite = awaitRequest("outage-verified", "dev", r -> true);
        answer(verifiedWrite);
        StagePromoted verifying = awaitStagePromoted(verifiedWrite.promotionId());

        String reason = recordsArriveDuringAnOutage(written, verifying);
        assertThat(reason).as("readiness names the record that waits and why").contains("retrying");

        // afterwards: every record had its effect
        awaitPromotionStatus(verifying.promotionId(), "SUCCEEDED");
        awaitPromotionStatus(written.promotionId(), "SUCCEEDED");
        // dev takes a newer image once free: 1.2.0, or 1.1.0 when the answer came before the images
        PromotionRequested newer =
                awaitRequest("outage", "dev", r -> !r.promotionId().equals(written.promotionId()));
        assertThat(newer.image().tag()).isIn("1.1.0", "1.2.0");
        PromotionRequested staging = awaitRequest("outage", "staging", r -> true);
        assertThat(staging.freightId()).isEqualTo(written.freightId());
        awaitReady();

        // ... exactly once
        assertThat(freightTags("outage")).containsExactlyInAnyOrder("1.0.0", "1.1.0", "1.2.0");
        assertThat(promotionIds("outage", "dev")).containsExactlyInAnyOrder(written.promotionId(), newer.promotionId());
        assertThat(promotionIds("outage", "staging")).containsExactly(staging.promotionId());
        assertThat(promotionIds("outage-verified", "dev")).containsExactly(verifying.promotionId());
        assertThat(actions(written.promotionId())).containsOnlyOnce("written", "succeeded");
        assertThat(actions(verifying.promotionId())).containsOnlyOnce("succeeded");
        assertThat(countByPromotion(EventType.PROMOTION_REQUESTED, PromotionRequested::promotionId))
                .containsOnlyKeys(
                        written.promotionId(), verifiedWrite.promotionId(), newer.promotionId(), staging.promotionId())
                .allSatisfy(
                        (promotion, count) -> assertThat(count).as(promotion).isEqualTo(1L));
        assertThat(countByPromotion(EventType.STAGE_PROMOTED, StagePromoted::promotionId))
                .containsOnlyKeys(written.promotionId(), verifying.promotionId())
                .allSatisfy(
                        (promotion, count) -> assertThat(count).as(promotion).isEqualTo(1L));
        for (String channel : TestTopics.INCOMING) {
            assertThat(kafka.readAll(TestTopics.deadLetterTopic(channel), r -> true))
                    .as(TestTopics.deadLetterTopic(channel))
                    .isEmpty();
        }
    }

    /**
     * Stops PostgreSQL for {@link #OUTAGE} while gitops-writer's answer (twice: a redelivery), the analysis verdict
     * (twice) and three images (one twice) arrive; returns what readiness said meanwhile.
     */
    private static String recordsArriveDuringAnOutage(PromotionRequested written, StagePromoted verifying) {
        Instant started = Instant.now();
        OutagePostgresTestResource.server().stopServer();
        try {
            EventEnvelope<ManifestUpdated> answer = envelope(
                    EventType.MANIFEST_UPDATED,
                    TestEvents.answer(written, ManifestUpdated.Status.COMMITTED, sha(), null),
                    written.sourceCommit());
            produce("manifest-updated", EventType.MANIFEST_UPDATED, answer);
            produce("manifest-updated", EventType.MANIFEST_UPDATED, answer);
            EventEnvelope<AnalysisCompleted> verdict =
                    envelope(EventType.ANALYSIS_COMPLETED, passed(verifying), verifying.sourceCommit());
            produce("analysis-completed", EventType.ANALYSIS_COMPLETED, verdict);
            produce("analysis-completed", EventType.ANALYSIS_COMPLETED, verdict);
            String digest = TestEvents.digest();
            String commit = sha();
            publishImage(IMAGE, "1.1.0", commit, digest);
            publishImage(IMAGE, "1.1.0", commit, digest);
            publishImage(IMAGE, "1.2.0");
            String reason = awaitNotReady();
            Duration left = OUTAGE.minus(Duration.between(started, Instant.now()));
            if (!left.isNegative()) {
                Thread.sleep(left.toMillis());
            }
            return reason;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            OutagePostgresTestResource.server().startServer();
        }
    }

    /** Waits until readiness is DOWN because a consumer retries a record; returns the reason it gives. */
    private static String awaitNotReady() {
        // on a loaded machine this may take longer than the outage: the database stays down till then
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            var response = given().get("/q/health/ready");
                            JsonPath health = response.jsonPath();
                            if (response.statusCode() != 503 || !"DOWN".equals(health.getString("status"))) {
                                return null;
                            }
                            Map<String, Object> consumers =
                                    health.getMap("checks.find { it.name == 'event consumers' }");
                            if (consumers == null || !"DOWN".equals(consumers.get("status"))) {
                                return null;
                            }
                            return String.valueOf(consumers.get("data"));
                        },
                        java.util.Objects::nonNull);
    }

    private static void declareThePipelines() throws Exception {
        Files.writeString(TestSupport.pipelines().resolve("outage.yaml"), PIPELINES);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth()
                                .oauth2(TestSupport.token("viewer"))
                                .get("/pipelines/outage-verified")
                                .statusCode()
                        == 200);
    }

    private static void awaitReady() {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    private static void publishImage(String repository, String tag) {
        publishImage(repository, tag, sha(), TestEvents.digest());
    }

    private static void publishImage(String repository, String tag, String commit, String digest) {
        produce(
                "image-published",
                EventType.IMAGE_PUBLISHED,
                envelope(
                        EventType.IMAGE_PUBLISHED, TestEvents.image(repository, List.of(tag), commit, digest), commit));
    }

    private static void answer(PromotionRequested request) {
        produce(
                "manifest-updated",
                EventType.MANIFEST_UPDATED,
                envelope(
                        EventType.MANIFEST_UPDATED,
                        TestEvents.answer(request, ManifestUpdated.Status.COMMITTED, sha(), null),
                        request.sourceCommit()));
    }

    private static AnalysisCompleted passed(StagePromoted promoted) {
        return new AnalysisCompleted(
                "run-" + UUID.randomUUID(),
                promoted.promotionId(),
                promoted.project(),
                promoted.stage(),
                promoted.freightId(),
                AnalysisCompleted.Phase.SUCCESSFUL,
                "",
                List.of(),
                Instant.now().minusSeconds(30),
                Instant.now());
    }

    private static <T extends GitopsFlowEvent> EventEnvelope<T> envelope(EventType<T> type, T data, String commit) {
        return new EventEnvelope<>(
                CloudEventAttributes.newEvent(type, data, KafkaTestClient.TEST_SOURCE, commit, null), data);
    }

    /** Produces {@code event} to the channel's topic of this test (the same envelope twice is a redelivery). */
    private static <T extends GitopsFlowEvent> void produce(String channel, EventType<T> type, EventEnvelope<T> event) {
        kafka.produceRaw(
                TestTopics.topic(channel),
                event.data().partitionKey(),
                EventCodec.encode(event.data()),
                KafkaCloudEventHeaders.toHeaders(event.attributes()));
    }

    private static PromotionRequested awaitRequest(String pipeline, String stage, Predicate<PromotionRequested> match) {
        return kafka.awaitEvent(
                        EventType.PROMOTION_REQUESTED,
                        e -> e.data().project().equals(pipeline)
                                && e.data().stage().equals(stage)
                                && match.test(e.data()),
                        WAIT)
                .data();
    }

    private static StagePromoted awaitStagePromoted(String promotionId) {
        return kafka.awaitEvent(
                        EventType.STAGE_PROMOTED, e -> e.data().promotionId().equals(promotionId), WAIT)
                .data();
    }

    /** How many records of {@code type} each promotion of this test's pipelines has on the topic. */
    private static <T extends GitopsFlowEvent> Map<String, Long> countByPromotion(
            EventType<T> type, Function<T, String> promotionId) {
        return kafka.readAll(type.topic(), r -> true).stream()
                .map(r -> KafkaTestClient.decode(type, r))
                .flatMap(java.util.Optional::stream)
                .map(EventEnvelope::data)
                .filter(data -> ownPipeline(data))
                .collect(Collectors.groupingBy(promotionId, Collectors.counting()));
    }

    private static boolean ownPipeline(GitopsFlowEvent data) {
        String project =
                data instanceof PromotionRequested r ? r.project() : data instanceof StagePromoted s ? s.project() : "";
        return project.equals("outage") || project.equals("outage-verified");
    }

    private static void awaitPromotionStatus(String promotionId, String status) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status.equals(given().auth()
                        .oauth2(TestSupport.token("viewer"))
                        .get("/promotions/{id}", promotionId)
                        .then()
                        .extract()
                        .path("promotion.status")));
    }

    private static List<String> freightTags(String pipeline) {
        return given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines/{p}/freight", pipeline)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("artifacts.flatten().tag", String.class);
    }

    private static List<String> promotionIds(String pipeline, String stage) {
        return given().auth()
                .oauth2(TestSupport.token("viewer"))
                .get("/pipelines/{p}/stages/{s}/promotions", pipeline, stage)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", String.class);
    }

    private static List<String> actions(String promotionId) {
        return given().auth()
                .oauth2(TestSupport.token("auditor"))
                .queryParam("promotion", promotionId)
                .get("/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("action", String.class);
    }
}
