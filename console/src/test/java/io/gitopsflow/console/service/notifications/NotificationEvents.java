package io.gitopsflow.console.service.notifications;

import io.gitopsflow.console.config.NotificationsConfig;
import io.gitopsflow.console.config.NotificationsConfig.Kind;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Promotion updates and analysis verdicts as promotion-service and analysis-service publish them, and rule configs. */
final class NotificationEvents {

    static final Instant AT = Instant.parse("2026-12-05T20:00:00Z");
    static final String FREIGHT = "a".repeat(40);

    private NotificationEvents() {}

    static PromotionUpdated update(
            String project, String stage, String promotionId, Change change, Phase phase, Phase previous) {
        return update(project, stage, promotionId, false, change, phase, previous);
    }

    static PromotionUpdated update(
            String project,
            String stage,
            String promotionId,
            boolean rollback,
            Change change,
            Phase phase,
            Phase previous) {
        return new PromotionUpdated(
                promotionId,
                project,
                stage,
                FREIGHT,
                "brave-otter",
                "c".repeat(40),
                rollback,
                change,
                phase,
                previous,
                "ada",
                null,
                AT);
    }

    static PromotionUpdated created(String project, String stage) {
        return update(project, stage, UUID.randomUUID().toString(), Change.CREATED, Phase.PENDING, null);
    }

    static PromotionUpdated rollback(String project, String stage) {
        return update(project, stage, UUID.randomUUID().toString(), true, Change.CREATED, Phase.PENDING, null);
    }

    static PromotionUpdated phaseChanged(String project, String stage, Phase from, Phase to) {
        return update(project, stage, UUID.randomUUID().toString(), Change.PHASE_CHANGED, to, from);
    }

    static AnalysisCompleted verdict(String project, String stage, AnalysisCompleted.Phase phase) {
        return new AnalysisCompleted(
                "run-1",
                UUID.randomUUID().toString(),
                project,
                stage,
                FREIGHT,
                phase,
                "error-rate above 0.05",
                List.of(),
                AT.minusSeconds(60),
                AT);
    }

    record Receiver(Kind kind, String url) implements NotificationsConfig.Receiver {}

    record Rule(String pipeline, Optional<List<String>> stages, List<String> on, List<String> receivers)
            implements NotificationsConfig.Rule {}

    record Sender(
            int maxAttempts,
            Duration firstBackoff,
            Duration maxBackoff,
            Duration timeout,
            int maxConcurrent,
            Duration tickEvery,
            Duration sameFailureWithin)
            implements NotificationsConfig.Sender {}

    record Config(
            Map<String, NotificationsConfig.Receiver> receivers,
            Map<String, NotificationsConfig.Rule> rules,
            NotificationsConfig.Sender sender)
            implements NotificationsConfig {}

    static NotificationsConfig.Sender sender() {
        return new Sender(
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                2,
                Duration.ofSeconds(1),
                Duration.ofMinutes(10));
    }

    static NotificationsConfig config(
            Map<String, NotificationsConfig.Receiver> receivers, Map<String, NotificationsConfig.Rule> rules) {
        return new Config(receivers, rules, sender());
    }
}
