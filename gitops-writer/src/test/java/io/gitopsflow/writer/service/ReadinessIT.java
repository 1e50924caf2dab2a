package io.gitopsflow.writer.service;

import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.ReadinessScenario;
import io.gitopsflow.testkit.TestFolders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness names the broker and the database, liveness does not (see {@link ReadinessScenario}). */
class ReadinessIT {

    @Test
    void readinessGoesDownWhenTheDatabaseAndThenTheBrokerStopAndLivenessStaysUp() throws Exception {
        ReadinessScenario.run(
                "gitops-writer",
                List.of(
                        EventType.PROMOTION_REQUESTED.topic(),
                        EventType.PROMOTION_REQUESTED.deadLetterTopic(),
                        EventType.MANIFEST_UPDATED.topic()),
                Map.of(
                        "gitops-flow.writer.refresh-argo-cd",
                        "false",
                        "gitops-flow.writer.work-directory",
                        TestFolders.newFolder("readiness-clones").toString()));
    }
}
