package io.gitopsflow.analysis.service;

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
                "analysis-service",
                List.of(
                        EventType.STAGE_PROMOTED.topic(),
                        EventType.STAGE_PROMOTED.deadLetterTopic(),
                        EventType.ANALYSIS_COMPLETED.topic()),
                JwtTestResource.settings());
    }
}
