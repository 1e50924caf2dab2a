package io.gitopsflow.buildworker.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.ReadinessScenario;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readiness names the broker and the database, liveness does not (see {@link ReadinessScenario}). */
class ReadinessIT {

    @Test
    void readinessGoesDownWhenTheDatabaseAndThenTheBrokerStopAndLivenessStaysUp() throws Exception {
        ReadinessScenario.run(
                "build-worker",
                List.of(
                        EventType.COMMIT_PUSHED.topic(),
                        EventType.COMMIT_PUSHED.deadLetterTopic(),
                        EventType.BUILD_STARTED.topic(),
                        EventType.IMAGE_PUBLISHED.topic(),
                        EventType.BUILD_FAILED.topic()),
                JwtTestResource.settings());
    }
}
