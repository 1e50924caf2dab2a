package io.gitopsflow.gateway;

import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.ReadinessScenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness names the broker and the database, liveness does not (see {@link ReadinessScenario}). */
class ReadinessIT {

    @Test
    void readinessGoesDownWhenTheDatabaseAndThenTheBrokerStopAndLivenessStaysUp() throws Exception {
        ReadinessScenario.run(
                "event-gateway",
                List.of(EventType.COMMIT_PUSHED.topic(), EventType.IMAGE_PUBLISHED.topic()),
                Map.of("gitops-flow.gateway.secrets.default", "readiness-webhook-secret"));
    }
}
