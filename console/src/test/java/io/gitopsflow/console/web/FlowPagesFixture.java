package io.gitopsflow.console.web;

import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.FlowEvents;
import io.gitopsflow.console.PromotionEvents;
import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.testkit.KafkaTestClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One pipeline for the Freight and Promotion page tests, sent on the real broker as the services publish it (as
 * ReadModelQueriesIT does) and awaited in the read model. Stages dev, staging (one approval, role staging-approver)
 * and prod (one approval, role release-manager); Freight brave-otter (oldest, its commit's push seen), eager-lynx and
 * wild-fox (newest). dev ran brave-otter then runs eager-lynx, each written to dev/values.yaml; staging runs
 * brave-otter, approved by bob with an HTML comment, written and verified; eager-lynx waits for approval in staging;
 * prod never ran anything.
 */
final class FlowPagesFixture {

    static final String APPROVAL_COMMENT = "<b>ship</b> it";
    private static final Duration WAIT = Duration.ofSeconds(30);

    final String project = FlowEvents.name("pages");
    final String commit = FlowEvents.sha();
    final String braveOtter = FlowEvents.sha();
    final String eagerLynx = FlowEvents.sha();
    final String wildFox = FlowEvents.sha();
    final String devCommit = FlowEvents.sha();
    final String stagingCommit = FlowEvents.sha();
    final Promotion devFirst;
    final Promotion devNow;
    final Promotion staging;
    final Promotion pending;

    private final KafkaTestClient kafka;
    private final AgroalDataSource database;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final List<String> sent = new ArrayList<>();

    FlowPagesFixture(KafkaTestClient kafka, AgroalDataSource database) {
        this.kafka = kafka;
        this.database = database;
        send(EventType.PIPELINE_CONFIGURED, configured(), null);
        send(EventType.COMMIT_PUSHED, FlowEvents.commitPushed("acme/" + project, commit, at(-400), at(-390)), commit);
        freight(braveOtter, "brave-otter", "1.0.0", commit, at(-300));
        freight(eagerLynx, "eager-lynx", "1.1.0", FlowEvents.sha(), at(-200));
        freight(wildFox, "wild-fox", "1.2.0", FlowEvents.sha(), at(-100));
        devFirst = promotion("dev", braveOtter, "brave-otter", commit);
        devNow = promotion("dev", eagerLynx, "eager-lynx", null);
        staging = promotion("staging", braveOtter, "brave-otter", commit);
        pending = promotion("staging", eagerLynx, "eager-lynx", null);
        written(devFirst, devCommit, at(-290));
        written(devNow, devCommit, at(-190));
        send(EventType.PROMOTION_UPDATED, PromotionEvents.created(staging, "alice", at(-250)), null);
        send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(
                        staging, Change.APPROVED, Phase.PENDING, null, "bob", APPROVAL_COMMENT, at(-245)),
                null);
        written(staging, stagingCommit, at(-240));
        send(
                EventType.ANALYSIS_COMPLETED,
                PromotionEvents.analysed(staging, "run-" + UUID.randomUUID(), at(-224), at(-221)),
                null);
        send(EventType.PROMOTION_UPDATED, PromotionEvents.created(pending, "bob", at(-50)), null);
        awaitProjected();
    }

    /** Stages dev, staging and prod; staging's approvers hold staging-approver. */
    private PipelineConfigured configured() {
        PipelineConfigured base = PromotionEvents.pipelineConfigured(project, "b", at(-3600), "dev", "staging", "prod");
        List<PipelineConfigured.Stage> stages = new ArrayList<>();
        for (PipelineConfigured.Stage stage : base.stages()) {
            stages.add(new PipelineConfigured.Stage(
                    stage.name(),
                    stage.upstream(),
                    stage.fromWarehouse(),
                    false,
                    stage.requiredApprovals(),
                    "staging".equals(stage.name()) ? "staging-approver" : stage.approverRole(),
                    stage.soakSeconds(),
                    stage.verification(),
                    stage.healthGate(),
                    stage.windows()));
        }
        return new PipelineConfigured(
                project, base.file(), false, base.warehouse(), stages, base.fingerprint(), base.configuredAt());
    }

    /** The promotion written (its committed write) and succeeded, by promotion-service unless created already. */
    private void written(Promotion promotion, String gitopsCommit, Instant at) {
        if (!"staging".equals(promotion.stage())) {
            send(EventType.PROMOTION_UPDATED, PromotionEvents.created(promotion, PromotionEvents.SERVICE, at), null);
        }
        send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.moved(promotion, Phase.PENDING, Phase.WRITING, null, at.plusSeconds(1)),
                null);
        send(EventType.MANIFEST_UPDATED, PromotionEvents.committed(promotion, gitopsCommit, at.plusSeconds(2)), null);
        send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.moved(promotion, Phase.WRITING, Phase.VERIFYING, null, at.plusSeconds(3)),
                null);
        send(
                EventType.PROMOTION_UPDATED,
                PromotionEvents.moved(promotion, Phase.VERIFYING, Phase.SUCCEEDED, null, at.plusSeconds(20)),
                null);
    }

    private void freight(String id, String alias, String tag, String source, Instant at) {
        ImageRef image = new ImageRef("registry.test/acme/" + project, tag, "sha256:" + "0".repeat(64));
        send(
                EventType.FREIGHT_CREATED,
                PromotionEvents.freightCreated(
                        id, alias, project, image, PromotionEvents.source("acme/" + project, source), at),
                source);
    }

    private Promotion promotion(String stage, String freightId, String alias, String source) {
        return new Promotion(UUID.randomUUID().toString(), project, stage, freightId, alias, source);
    }

    private Instant at(long secondsFromNow) {
        return now.plusSeconds(secondsFromNow);
    }

    private <T extends GitopsFlowEvent> void send(EventType<T> type, T event, String correlation) {
        sent.add(kafka.produce(type, event, correlation).id());
    }

    /** Waits until the read model stored every event sent (in whatever order the projection saw them). */
    private void awaitProjected() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> stored() == sent.size());
    }

    private int stored() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("select count(*) from flow_event where event_id = any (?)")) {
            statement.setArray(1, connection.createArrayOf("text", sent.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
