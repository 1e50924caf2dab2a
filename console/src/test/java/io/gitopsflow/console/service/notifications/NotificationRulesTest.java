package io.gitopsflow.console.service.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.console.config.NotificationsConfig;
import io.gitopsflow.console.config.NotificationsConfig.Kind;
import io.gitopsflow.console.service.notifications.NotificationEvents.Receiver;
import io.gitopsflow.console.service.notifications.NotificationEvents.Rule;
import io.gitopsflow.console.service.notifications.NotificationRules.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationRulesTest {

    private static final Map<String, NotificationsConfig.Receiver> RECEIVERS = Map.of(
            "team-slack", new Receiver(Kind.SLACK, "https://hooks.slack.test/services/T0/B0/secret"),
            "audit", new Receiver(Kind.WEBHOOK, "https://audit.test/events"));

    @Test
    void aRuleForOnePipelineAndStageMatchesOnlyThatStageAndItsOutcomes() {
        NotificationRules rules = new NotificationRules(NotificationEvents.config(
                RECEIVERS,
                Map.of(
                        "prod",
                        new Rule(
                                "books",
                                Optional.of(List.of("prod")),
                                List.of("succeeded", "failed"),
                                List.of("team-slack", "audit")))));

        assertThat(rules.targets("books", "prod", Trigger.SUCCEEDED))
                .extracting(Target::rule, target -> target.receiver().name())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("prod", "team-slack"),
                        org.assertj.core.groups.Tuple.tuple("prod", "audit"));
        assertThat(rules.targets("books", "dev", Trigger.SUCCEEDED)).isEmpty();
        assertThat(rules.targets("shop", "prod", Trigger.SUCCEEDED)).isEmpty();
        assertThat(rules.targets("books", "prod", Trigger.ROLLED_BACK)).isEmpty();
    }

    @Test
    void aRuleForEveryPipelineAndEveryStageMatchesAnyStage() {
        NotificationRules rules = new NotificationRules(NotificationEvents.config(
                RECEIVERS, Map.of("all", new Rule("*", Optional.empty(), List.of("rolled-back"), List.of("audit")))));

        assertThat(rules.targets("shop", "staging", Trigger.ROLLED_BACK)).hasSize(1);
        assertThat(rules.targets("shop", "staging", Trigger.SUCCEEDED)).isEmpty();
    }

    @Test
    void aRuleNamingAnUnknownReceiverOrOutcomeStopsTheStartWithTheReason() {
        assertThatThrownBy(() -> new NotificationRules(NotificationEvents.config(
                        RECEIVERS,
                        Map.of("r", new Rule("*", Optional.empty(), List.of("succeeded"), List.of("nobody"))))))
                .hasMessageContaining("rules.r.receivers names nobody");
        assertThatThrownBy(() -> new NotificationRules(NotificationEvents.config(
                        RECEIVERS,
                        Map.of("r", new Rule("*", Optional.empty(), List.of("deployed"), List.of("audit"))))))
                .hasMessageContaining("'deployed' is not an outcome")
                .hasMessageContaining("awaiting-approval, succeeded, failed, verification-failed, rolled-back");
    }

    @Test
    void aReceiverUrlThatIsNotHttpIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new NotificationRules(NotificationEvents.config(
                        Map.of("bad", new Receiver(Kind.SLACK, "ftp://secret-host/secret-path")), Map.of())))
                .hasMessageContaining("receivers.bad.url must be an absolute http or https URL")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aReceiverNeverShowsItsUrl() {
        NotificationRules rules = new NotificationRules(NotificationEvents.config(RECEIVERS, Map.of()));

        assertThat(rules.receiver("team-slack").orElseThrow().toString())
                .isEqualTo("receiver team-slack (SLACK)")
                .doesNotContain("secret");
    }
}
