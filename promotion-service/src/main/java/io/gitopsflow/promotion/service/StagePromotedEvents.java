package io.gitopsflow.promotion.service;

import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.messaging.EventTracing;
import io.gitopsflow.promotion.Promotion;
import io.gitopsflow.promotion.config.PromotionConfig;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

/**
 * The stage-promoted a written and healthy promotion owes (to analysis, and to whoever follows the stage), stored on
 * the promotion in the transaction that owes it: what the stage runs, from which commits, and which analyses verify
 * it. Each one owed has an id of its own, so a reverify's event is never taken for the one before.
 */
@ApplicationScoped
public class StagePromotedEvents {

    private final FreightRepository freight;
    private final FreightArtifacts artifacts;
    private final PromotionConfig config;

    public StagePromotedEvents(FreightRepository freight, FreightArtifacts artifacts, PromotionConfig config) {
        this.freight = freight;
        this.artifacts = artifacts;
        this.config = config;
    }

    /** Stores a new stage-promoted on the promotion, claimed by this instance to publish it; answers its id. */
    Uni<String> owe(Stage stage, Promotion promotion) {
        return build(stage, promotion).map(json -> {
            promotion.stagePromotedId = UUID.randomUUID().toString();
            promotion.stagePromotedJson = json;
            promotion.stagePromotedPublished = false;
            // stage-promoted continues the trace of what promoted the stage (the manifest-updated consumed)
            String current = EventTracing.currentTraceparent();
            if (current != null) {
                promotion.traceparent = current;
            }
            // microseconds, as the database keeps them
            promotion.stagePromotedClaimedUntil =
                    UtcClock.now().plus(config.publishLease()).truncatedTo(ChronoUnit.MICROS);
            return promotion.stagePromotedId;
        });
    }

    /** Stores the event of a stage-promoted owed before events were stored (its id is kept). */
    Uni<Void> fillIn(Stage stage, Promotion promotion) {
        return build(stage, promotion)
                .invoke(json -> promotion.stagePromotedJson = json)
                .replaceWithVoid();
    }

    private Uni<String> build(Stage stage, Promotion promotion) {
        return freight.findById(promotion.freightId).map(chosen -> {
            StagePromoted event = new StagePromoted(
                    promotion.id,
                    promotion.pipeline,
                    promotion.stage,
                    chosen.id,
                    chosen.alias,
                    artifacts.of(chosen).stream().map(Artifact::image).toList(),
                    chosen.commit,
                    Arrays.asList(promotion.writtenCommits.split(",")),
                    stage.verification(),
                    Instant.now(),
                    artifacts.charts(chosen),
                    artifacts.commits(chosen));
            return new String(EventCodec.encode(event), StandardCharsets.UTF_8);
        });
    }
}
