package io.gitopsflow.console;

import static io.gitopsflow.console.PromotionEvents.SERVICE;

import io.gitopsflow.console.PromotionEvents.Promotion;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.KafkaTestClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One commit's whole flow as the services publish it, a second apart: push, build, image, Freight, the dev promotion
 * (automatic) and the staging one (approved by a reviewer), each with its write, its stage found healthy and its
 * analysis. Every name derives from one 8-hex token, so two flows with the same times give the same rows once their
 * tokens are replaced. Each event keeps its CloudEvent id: sending a step again is a redelivery.
 */
final class ScriptedFlow {

    static final String REVIEWER = "bob";

    final String token;
    final String project;
    final String repository;
    final String commit;
    final String imageRepository;
    final String buildId;
    final ImageRef image;
    final Promotion dev;
    final Promotion staging;
    final Instant start;

    private final Map<String, Step<?>> steps = new LinkedHashMap<>();
    private Instant clock;

    ScriptedFlow(Instant start) {
        this.token = FlowEvents.sha().substring(0, 8);
        this.start = start;
        this.clock = start;
        this.project = "books-" + token;
        this.repository = "acme/books-" + token;
        this.commit = PromotionEvents.sha(token);
        this.imageRepository = "registry.test/acme/books-" + token;
        this.buildId = "build-" + token;
        this.image = new ImageRef(imageRepository, commit, PromotionEvents.digest(token));
        String freightId = "freight-" + token;
        this.dev = new Promotion("dev-" + token, project, "dev", freightId, "brave-" + token, commit);
        this.staging = new Promotion("staging-" + token, project, "staging", freightId, "brave-" + token, commit);
        script();
    }

    private void script() {
        SourceCommit source = PromotionEvents.source(repository, commit);
        add(
                "push",
                EventType.COMMIT_PUSHED,
                FlowEvents.commitPushed(repository, commit, start.minusSeconds(60), next()));
        Instant queuedAt = next();
        add(
                "build",
                EventType.BUILD_STARTED,
                PromotionEvents.buildStarted(buildId, source, queuedAt, queuedAt.plusMillis(400), 1));
        ImagePublished built = PromotionEvents.builtImage(imageRepository, image.digest(), source, buildId, next());
        add("image", EventType.IMAGE_PUBLISHED, built);
        add(
                "freight",
                EventType.FREIGHT_CREATED,
                PromotionEvents.freightCreated(dev.freightId(), dev.alias(), project, image, source, next()));
        promote(dev, SERVICE, null);
        promote(staging, "alice", REVIEWER);
    }

    /** The steps of one promotion: created, approved when a reviewer is named, written, healthy, verified. */
    private void promote(Promotion promotion, String creator, String reviewer) {
        String stage = promotion.stage();
        add(stage + ".created", EventType.PROMOTION_UPDATED, PromotionEvents.created(promotion, creator, next()));
        if (reviewer != null) {
            add(
                    stage + ".approved",
                    EventType.PROMOTION_UPDATED,
                    PromotionEvents.approved(promotion, reviewer, next()));
        }
        move(promotion, Phase.PENDING, Phase.WRITING);
        add(stage + ".requested", EventType.PROMOTION_REQUESTED, PromotionEvents.requested(promotion, image, next()));
        // the GitOps write names only its promotion: no correlation id, no application commit
        add(
                stage + ".manifest",
                EventType.MANIFEST_UPDATED,
                PromotionEvents.committed(promotion, gitopsCommit(promotion), next()),
                null);
        move(promotion, Phase.WRITING, Phase.WRITTEN);
        move(promotion, Phase.WRITTEN, Phase.HEALTH_CHECK);
        move(promotion, Phase.HEALTH_CHECK, Phase.VERIFYING);
        Instant promotedAt = next();
        add(
                stage + ".promoted",
                EventType.STAGE_PROMOTED,
                PromotionEvents.promoted(promotion, image, gitopsCommit(promotion), promotedAt));
        add(
                stage + ".analysis",
                EventType.ANALYSIS_COMPLETED,
                PromotionEvents.analysed(promotion, "run-" + promotion.id(), promotedAt, next()),
                null);
        move(promotion, Phase.VERIFYING, Phase.SUCCEEDED);
    }

    private void move(Promotion promotion, Phase from, Phase to) {
        add(
                promotion.stage() + "." + to.name().toLowerCase(java.util.Locale.ROOT),
                EventType.PROMOTION_UPDATED,
                PromotionEvents.moved(promotion, from, to, null, next()));
    }

    /** The GitOps commit of a promotion's write: made of the token too, so it normalizes with the flow. */
    String gitopsCommit(Promotion promotion) {
        String filler = (promotion == dev ? "d" : "e").repeat(8);
        return token + filler + token + filler + token;
    }

    private Instant next() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    private <T extends GitopsFlowEvent> void add(String label, EventType<T> type, T data) {
        add(label, type, data, commit);
    }

    private <T extends GitopsFlowEvent> void add(String label, EventType<T> type, T data, String correlation) {
        CloudEventAttributes attributes =
                CloudEventAttributes.newEvent(type, data, KafkaTestClient.TEST_SOURCE, correlation, null);
        if (steps.put(label, new Step<>(label, type, new EventEnvelope<>(attributes, data))) != null) {
            throw new IllegalStateException("two steps are labelled " + label);
        }
    }

    /** The steps in the order the services publish them. */
    List<Step<?>> inOrder() {
        return List.copyOf(steps.values());
    }

    /** The steps in the order of {@code labels}, which must name every step once. */
    List<Step<?>> inOrder(List<String> labels) {
        if (labels.size() != steps.size() || !steps.keySet().containsAll(labels)) {
            throw new IllegalArgumentException("the order must name every step once: " + steps.keySet());
        }
        List<Step<?>> ordered = new ArrayList<>();
        labels.forEach(label -> ordered.add(steps.get(label)));
        return ordered;
    }

    /** The step labelled {@code label}. */
    Step<?> step(String label) {
        return steps.get(label);
    }

    /**
     * One event of the flow, with its CloudEvent attributes fixed.
     *
     * @param label its name in the script, e.g. {@code dev.manifest}
     * @param type its type
     * @param event the event
     */
    record Step<T extends GitopsFlowEvent>(String label, EventType<T> type, EventEnvelope<T> event) {

        /** Produces the event (again, with the same id, when it was sent before). */
        RecordMetadata send(KafkaTestClient kafka) {
            return kafka.produce(type, event);
        }

        /** The CloudEvent id. */
        String id() {
            return event.attributes().id();
        }
    }
}
