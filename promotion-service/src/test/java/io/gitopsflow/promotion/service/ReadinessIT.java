package io.gitopsflow.promotion.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.testkit.ReadinessScenario;
import io.gitopsflow.testkit.TestFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness names the broker and the database, liveness does not (see {@link ReadinessScenario}). */
class ReadinessIT {

    @Test
    void readinessGoesDownWhenTheDatabaseAndThenTheBrokerStopAndLivenessStaysUp() throws Exception {
        Path pipelines = TestFolders.newFolder("readiness-pipelines");
        try (var books = ReadinessIT.class.getResourceAsStream("/pipelines/books.yaml")) {
            Files.write(pipelines.resolve("books.yaml"), books.readAllBytes());
        }
        ReadinessScenario.run(
                "promotion-service",
                List.of(
                        EventType.IMAGE_PUBLISHED.topic(),
                        EventType.IMAGE_PUBLISHED.deadLetterTopic(),
                        EventType.MANIFEST_UPDATED.topic(),
                        EventType.MANIFEST_UPDATED.deadLetterTopic(),
                        EventType.ANALYSIS_COMPLETED.topic(),
                        EventType.ANALYSIS_COMPLETED.deadLetterTopic(),
                        EventType.COMMIT_PUSHED.topic(),
                        EventType.COMMIT_PUSHED.deadLetterTopic(),
                        EventType.PROMOTION_REQUESTED.topic(),
                        EventType.STAGE_PROMOTED.topic()),
                Map.of(
                        "gitops-flow.promotion.pipelines",
                        pipelines.toString(),
                        "mp.jwt.verify.publickey.location",
                        TestSupport.writePublicKey(pipelines.resolveSibling("readiness-public-key.pem"))
                                .toUri()
                                .toString()));
    }
}
