package io.gitopsflow.console;

import static io.gitopsflow.console.PromotionEvents.SERVICE;

import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.console.ScriptedFlow.Step;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh pipeline's history as the services publish it on the broker, for the console's end-to-end test: its
 * definition, then commits pushed, built, made into Freight and promoted stage by stage, each event a second after
 * the one before (so every duration of the timeline is known), or at times given for a DORA history. Built on
 * {@link PromotionEvents} and {@link FlowEvents}; each event keeps its CloudEvent id, so sending it again is a
 * redelivery.
 */
final class ConsoleFlow {

    final String project = FlowEvents.name("books");
    final String repository = "acme/" + project;
    final String imageRepository = "registry.test/acme/" + project;

    private final Map<String, Step<?>> steps = new LinkedHashMap<>();
    private Instant clock;

    ConsoleFlow(Instant start) {
        this.clock = start;
    }

    /** The definition dev → staging (1 approval) → prod (2 approvals). */
    Step<?> configured() {
        return add(
                "configured",
                EventType.PIPELINE_CONFIGURED,
                PromotionEvents.withApprovals(
                        PromotionEvents.pipelineConfigured(project, "c", next(), "dev", "staging", "prod"), 0, 1, 2),
                null);
    }

    /**
     * A commit pushed (written a minute before), queued for its build a second later, started 400 ms after that,
     * its image published a second after the queueing and its Freight {@code alias} a second later.
     */
    Shipment ship(String alias) {
        Shipment shipment = new Shipment(this, FlowEvents.sha(), alias);
        Instant received = next();
        shipment.add(
                "push",
                EventType.COMMIT_PUSHED,
                FlowEvents.commitPushed(repository, shipment.commit, received.minusSeconds(60), received));
        Instant queued = next();
        shipment.add(
                "build",
                EventType.BUILD_STARTED,
                PromotionEvents.buildStarted(shipment.buildId(), shipment.source(), queued, queued.plusMillis(400), 1));
        shipment.add(
                "image",
                EventType.IMAGE_PUBLISHED,
                PromotionEvents.builtImage(
                        imageRepository, shipment.image.digest(), shipment.source(), shipment.buildId(), next()));
        shipment.add(
                "freight",
                EventType.FREIGHT_CREATED,
                PromotionEvents.freightCreated(
                        shipment.freightId, alias, project, shipment.image, shipment.source(), next()));
        return shipment;
    }

    /** The steps of a promotion into {@code stage} up to its approvals by {@code reviewers}, left Pending. */
    Promotion ask(Shipment shipment, String stage, String creator, String... reviewers) {
        Promotion promotion = shipment.promotion(stage);
        shipment.add(
                stage + ".created", EventType.PROMOTION_UPDATED, PromotionEvents.created(promotion, creator, next()));
        for (String reviewer : reviewers) {
            shipment.add(
                    stage + ".approved." + reviewer,
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.approved(promotion, reviewer, next()));
        }
        return promotion;
    }

    /** The steps of a whole promotion into {@code stage}: asked, approved, written, healthy, verified, Succeeded. */
    Promotion promote(Shipment shipment, String stage, String creator, String... reviewers) {
        Promotion promotion = ask(shipment, stage, creator, reviewers);
        String gitops = FlowEvents.sha();
        shipment.move(promotion, Phase.PENDING, Phase.WRITING, next());
        shipment.add(
                stage + ".requested",
                EventType.PROMOTION_REQUESTED,
                PromotionEvents.requested(promotion, shipment.image, next()));
        shipment.add(
                stage + ".manifest",
                EventType.MANIFEST_UPDATED,
                PromotionEvents.committed(promotion, gitops, next()),
                null);
        shipment.move(promotion, Phase.WRITING, Phase.WRITTEN, next());
        shipment.move(promotion, Phase.WRITTEN, Phase.HEALTH_CHECK, next());
        shipment.move(promotion, Phase.HEALTH_CHECK, Phase.VERIFYING, next());
        Instant promotedAt = next();
        shipment.add(
                stage + ".promoted",
                EventType.STAGE_PROMOTED,
                PromotionEvents.promoted(promotion, shipment.image, gitops, promotedAt));
        shipment.add(
                stage + ".analysis",
                EventType.ANALYSIS_COMPLETED,
                PromotionEvents.analysed(promotion, "run-" + promotion.id(), promotedAt, next()),
                null);
        shipment.move(promotion, Phase.VERIFYING, Phase.SUCCEEDED, next());
        return promotion;
    }

    /** A commit made at {@code committedAt}, its Freight created 100 s later: for a DORA history. */
    Shipment committed(Instant committedAt) {
        Shipment shipment = new Shipment(
                this, FlowEvents.sha(), "dora-" + UUID.randomUUID().toString().substring(0, 8));
        shipment.add(
                "push",
                EventType.COMMIT_PUSHED,
                FlowEvents.commitPushed(repository, shipment.commit, committedAt, committedAt));
        shipment.add(
                "freight",
                EventType.FREIGHT_CREATED,
                PromotionEvents.freightCreated(
                        shipment.freightId,
                        shipment.alias,
                        project,
                        shipment.image,
                        shipment.source(),
                        committedAt.plusSeconds(100)));
        return shipment;
    }

    /** A promotion of {@code shipment} into {@code stage} asked 5 minutes before it Succeeded at {@code at}. */
    void deployed(Shipment shipment, String stage, Instant at) {
        Promotion promotion = shipment.promotion(stage);
        shipment.add(
                stage + ".created",
                EventType.PROMOTION_UPDATED,
                PromotionEvents.created(promotion, "ada", at.minusSeconds(300)));
        shipment.move(promotion, Phase.VERIFYING, Phase.SUCCEEDED, at);
    }

    /** A promotion of {@code shipment} the stage ran (stage-promoted) that failed its verification at {@code at}. */
    void failedVerification(Shipment shipment, String stage, Instant at) {
        Promotion promotion = shipment.promotion(stage);
        shipment.add(
                stage + ".created",
                EventType.PROMOTION_UPDATED,
                PromotionEvents.created(promotion, "ada", at.minusSeconds(900)));
        shipment.add(
                stage + ".promoted",
                EventType.STAGE_PROMOTED,
                PromotionEvents.promoted(promotion, shipment.image, FlowEvents.sha(), at.minusSeconds(600)));
        shipment.move(promotion, Phase.VERIFYING, Phase.FAILED, at);
    }

    /** A rollback to {@code shipment} in {@code stage}, asked for at {@code startedAt}, Succeeded at {@code at}. */
    void rolledBack(Shipment shipment, String stage, Instant startedAt, Instant at) {
        Promotion promotion = shipment.promotion(stage);
        shipment.add(
                stage + ".rollback.created",
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(promotion, true, Change.CREATED, Phase.PENDING, null, "ada", "bad", startedAt));
        shipment.add(
                stage + ".rollback.succeeded",
                EventType.PROMOTION_UPDATED,
                PromotionEvents.updated(
                        promotion, true, Change.PHASE_CHANGED, Phase.SUCCEEDED, Phase.VERIFYING, SERVICE, null, at));
    }

    /** Every step scripted so far, in the order they were scripted. */
    List<Step<?>> inOrder() {
        return List.copyOf(steps.values());
    }

    /** The topics of the steps scripted so far. */
    List<String> topics() {
        return steps.values().stream()
                .map(step -> step.type().topic())
                .distinct()
                .toList();
    }

    /** Sends {@code steps} in their order. */
    static void send(KafkaTestClient kafka, List<Step<?>> steps) {
        steps.forEach(step -> step.send(kafka));
    }

    private Instant next() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    private <T extends GitopsFlowEvent> Step<T> add(String label, EventType<T> type, T data, String correlation) {
        CloudEventAttributes attributes =
                CloudEventAttributes.newEvent(type, data, KafkaTestClient.TEST_SOURCE, correlation, null);
        Step<T> step = new Step<>(label, type, new EventEnvelope<>(attributes, data));
        if (steps.put(label, step) != null) {
            throw new IllegalStateException("two steps are labelled " + label);
        }
        return step;
    }

    /** One commit of the flow: its image, its Freight and its own steps by label. */
    static final class Shipment {

        final String commit;
        final String alias;
        final String freightId;
        final ImageRef image;
        private final ConsoleFlow flow;
        private final Map<String, Step<?>> steps = new LinkedHashMap<>();
        private final List<Promotion> promotions = new ArrayList<>();

        private Shipment(ConsoleFlow flow, String commit, String alias) {
            this.flow = flow;
            this.commit = commit;
            this.alias = alias;
            this.freightId = FlowEvents.sha();
            this.image =
                    new ImageRef(flow.imageRepository, commit, "sha256:" + FlowEvents.sha() + commit.substring(0, 24));
        }

        String buildId() {
            return "build-" + commit.substring(0, 12);
        }

        SourceCommit source() {
            return PromotionEvents.source(flow.repository, commit);
        }

        /** This commit's step labelled {@code label} (e.g. {@code prod.approved.carol}). */
        Step<?> step(String label) {
            Step<?> step = steps.get(label);
            if (step == null) {
                throw new IllegalArgumentException("no step " + label + " in " + steps.keySet());
            }
            return step;
        }

        /** This commit's steps in the order they were scripted. */
        List<Step<?>> inOrder() {
            return List.copyOf(steps.values());
        }

        /** This commit's steps in the order of {@code labels}, which must name each step once. */
        List<Step<?>> inOrder(List<String> labels) {
            if (labels.size() != steps.size() || !steps.keySet().containsAll(labels)) {
                throw new IllegalArgumentException("the order must name every step once: " + steps.keySet());
            }
            return labels.stream().<Step<?>>map(steps::get).toList();
        }

        List<String> labels() {
            return List.copyOf(steps.keySet());
        }

        /** The ids of this commit's promotions. */
        List<String> promotionIds() {
            return promotions.stream().map(Promotion::id).toList();
        }

        private Promotion promotion(String stage) {
            Promotion promotion =
                    new Promotion(UUID.randomUUID().toString(), flow.project, stage, freightId, alias, commit);
            promotions.add(promotion);
            return promotion;
        }

        private void move(Promotion promotion, Phase from, Phase to, Instant at) {
            add(
                    promotion.stage() + "." + to.name().toLowerCase(Locale.ROOT),
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.moved(promotion, from, to, null, at));
        }

        private <T extends GitopsFlowEvent> void add(String label, EventType<T> type, T data) {
            add(label, type, data, commit);
        }

        private <T extends GitopsFlowEvent> void add(String label, EventType<T> type, T data, String correlation) {
            steps.put(label, flow.add(commit.substring(0, 12) + "." + label, type, data, correlation));
        }
    }
}
