package io.gitopsflow.console.web;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.FlowEvents;
import io.gitopsflow.console.ProjectedEvents;
import io.gitopsflow.console.PromotionEvents;
import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.PipelineConfigured;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.testkit.KafkaTestClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One pipeline for the Freight and Promotion page tests, sent on the real broker as the services publish it (as
 * ReadModelQueriesIT does) and awaited in the read model. Stages dev, staging (one approval, role staging-approver)
 * and prod (one approval, role release-manager); Freight brave-otter (oldest, its commit's push seen), eager-lynx and
 * wild-fox (newest; it also holds a chart and a configuration commit whose message is HTML, and the chart's push is
 * on its commit's timeline); brave-otter arrives as a freight-created version 1 record. dev ran brave-otter then runs eager-lynx, each written to dev/values.yaml; staging runs
 * brave-otter, approved by bob with an HTML comment, written and verified; eager-lynx waits for approval in staging;
 * prod never ran anything.
 */
final class FlowPagesFixture {

    static final String APPROVAL_COMMENT = "<b>ship</b> it";
    static final String CONFIG_MESSAGE = "<i>three</i> replicas";

    final String project = FlowEvents.name("pages");
    final String commit = FlowEvents.sha();
    final String braveOtter = FlowEvents.sha();
    final String eagerLynx = FlowEvents.sha();
    final String wildFox = FlowEvents.sha();
    final String wildFoxCommit = FlowEvents.sha();
    final String devCommit = FlowEvents.sha();
    final String stagingCommit = FlowEvents.sha();
    final Promotion devFirst;
    final Promotion devNow;
    final Promotion staging;
    final Promotion pending;

    private final ProjectedEvents events;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private FlowPagesFixture(ProjectedEvents events) {
        this.events = events;
        send(EventType.PIPELINE_CONFIGURED, configured(), null);
        send(EventType.COMMIT_PUSHED, FlowEvents.commitPushed("acme/" + project, commit, at(-400), at(-390)), commit);
        events.freightOfVersion1(project, braveOtter, "brave-otter", "1.0.0", commit, at(-300));
        freight(eagerLynx, "eager-lynx", "1.1.0", FlowEvents.sha(), at(-200));
        events.chartPublished(project, "1.2.0", wildFoxCommit, at(-101));
        events.freightWithChartAndCommit(
                project, wildFox, "wild-fox", "1.2.0", wildFoxCommit, CONFIG_MESSAGE, at(-100));
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
        events.awaitProjected();
    }

    /** Sends the pipeline on the shared broker and waits until the read model of {@code database} stored it. */
    static FlowPagesFixture send(AgroalDataSource database) {
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            return new FlowPagesFixture(new ProjectedEvents(kafka, database));
        }
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
        events.freight(project, id, alias, tag, source, at);
    }

    private Promotion promotion(String stage, String freightId, String alias, String source) {
        return new Promotion(UUID.randomUUID().toString(), project, stage, freightId, alias, source);
    }

    private Instant at(long secondsFromNow) {
        return now.plusSeconds(secondsFromNow);
    }

    private <T extends GitopsFlowEvent> void send(EventType<T> type, T event, String correlation) {
        events.send(type, event, correlation);
    }
}
