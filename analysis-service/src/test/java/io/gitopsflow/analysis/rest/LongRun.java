package io.gitopsflow.analysis.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.events.AnalysisTemplateRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.testkit.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run of {@code long-check} (a measurement a second for 5 minutes) started through the broker, as a target to attack:
 * its id once it is stored, and its promotion.
 *
 * @param id the run's id
 * @param promotionId the promotion it verifies
 */
record LongRun(String id, String promotionId) {

    static LongRun start(KafkaTestClient kafka, String stage, String token) {
        StagePromoted promoted = new StagePromoted(
                "p-" + UUID.randomUUID(),
                "books",
                stage,
                "f-" + UUID.randomUUID().toString().substring(0, 8),
                "alias",
                List.of(),
                null,
                List.of(),
                List.of(new AnalysisTemplateRef("long-check", false, Map.of())),
                Instant.now());
        kafka.produce(EventType.STAGE_PROMOTED, promoted, "c0ffee");
        String id = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> given().auth()
                                .oauth2(token)
                                .queryParam("promotionId", promoted.promotionId())
                                .get("/analysis-runs")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("id", String.class),
                        ids -> !ids.isEmpty())
                .get(0);
        return new LongRun(id, promoted.promotionId());
    }
}
