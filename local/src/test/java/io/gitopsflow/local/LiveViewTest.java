package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.AnalysisCompleted.MetricResult;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {

    @Test
    void aVerdictWithoutAMessageSaysWhatEachMetricMeasured() {
        AnalysisCompleted successful = analysis(
                Phase.SUCCESSFUL,
                "",
                List.of(new MetricResult("success-rate", Phase.SUCCESSFUL, 3, 3, 0, 0, 0, "0.99", "", false)));

        assertThat(LiveView.summary(successful))
                .isEqualTo("dev: analysis SUCCESSFUL — success-rate 3/3 successful, last 0.99");
    }

    @Test
    void aVerdictWithAMessageShowsIt() {
        AnalysisCompleted failed = analysis(
                Phase.FAILED,
                "success-rate 0.91 < 0.99",
                List.of(new MetricResult("success-rate", Phase.FAILED, 1, 0, 1, 0, 0, "0.91", "", false)));

        assertThat(LiveView.summary(failed)).isEqualTo("dev: analysis FAILED — success-rate 0.91 < 0.99");
    }

    @Test
    void aWebhookNotificationShowsItsEventTypeSubjectAndPhase() {
        String cloudEvent = "{\"specversion\":\"1.0\",\"type\":\"io.gitopsflow.promotion.updated.v1\","
                + "\"subject\":\"books/staging\",\"data\":{\"phase\":\"AwaitingApproval\"}}";

        assertThat(LiveView.notification(cloudEvent))
                .isEqualTo("io.gitopsflow.promotion.updated.v1 books/staging AwaitingApproval");
    }

    @Test
    void aChatNotificationShowsItsTextOnOneLineAndAnythingElseItsStart() {
        assertThat(LiveView.notification("{\"text\":\"books staging:\\nwaiting for approval\"}"))
                .isEqualTo("books staging: waiting for approval");
        assertThat(LiveView.notification("x".repeat(200))).hasSize(161).endsWith("…");
    }

    private static AnalysisCompleted analysis(Phase phase, String message, List<MetricResult> metrics) {
        Instant now = Instant.now();
        return new AnalysisCompleted(
                "run-1", "promo-1", "books", "dev", "freight-1", phase, message, metrics, now, now);
    }
}
