package io.gitopsflow.promotion.service;

import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.pipeline.Pipeline;
import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.promotion.pipeline.Subscription;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.promotion.warehouse.FreightIdentity;
import io.gitopsflow.promotion.warehouse.FreightOrder;
import io.gitopsflow.promotion.warehouse.TagSelector;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns published images into Freight. A Warehouse with several subscriptions makes Freight only once each has an
 * image; the new image then travels with the newest image of every other subscription.
 */
@ApplicationScoped
public class FreightService {

    private final PipelineRegistry pipelines;
    private final FreightRepository freight;
    private final AuditService audit;
    private final Transactions transactions;
    private final FreightArtifacts json;
    private final PromotionService promotions;

    public FreightService(
            PipelineRegistry pipelines,
            FreightRepository freight,
            AuditService audit,
            Transactions transactions,
            FreightArtifacts json,
            PromotionService promotions) {
        this.pipelines = pipelines;
        this.freight = freight;
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.promotions = promotions;
    }

    public Uni<Void> onImagePublished(EventEnvelope<ImagePublished> event) {
        ImagePublished image = event.data();
        List<Uni<Void>> work = new ArrayList<>();
        for (Pipeline pipeline : pipelines.pipelines()) {
            Optional<Subscription> subscription = pipeline.warehouse().subscription(image.imageRepository());
            if (subscription.isEmpty()) {
                continue;
            }
            Optional<String> tag = TagSelector.select(subscription.get(), image.tags());
            if (tag.isEmpty()) {
                Log.infof(
                        "image %s@%s (tags %s) matches no rule of pipeline %s's subscription",
                        image.imageRepository(), image.digest(), image.tags(), pipeline.name());
                continue;
            }
            Artifact artifact = new Artifact(
                    image.imageRepository(),
                    tag.get(),
                    image.digest(),
                    image.source() == null ? null : image.source().repository(),
                    image.source() == null ? null : image.source().commit(),
                    image.publishedAt());
            work.add(transactions
                    .run(() -> store(pipeline, artifact, event.attributes().correlationId()))
                    .chain(created -> created
                            ? promotions.reconcile(pipeline)
                            : Uni.createFrom().voidItem()));
        }
        if (work.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(work).andFailFast().replaceWithVoid();
    }

    /** Stores the Freight the artifact makes; true when it is new. */
    private Uni<Boolean> store(Pipeline pipeline, Artifact artifact, String correlationId) {
        return freight.byPipeline(pipeline.name()).chain(existing -> {
            List<Artifact> artifacts = new ArrayList<>();
            artifacts.add(artifact);
            for (Subscription other : pipeline.warehouse().subscriptions()) {
                if (other.imageRepository().equals(artifact.repository())) {
                    continue;
                }
                Optional<Artifact> newest = existing.stream()
                        .map(json::of)
                        .flatMap(List::stream)
                        .filter(a -> a.repository().equals(other.imageRepository()))
                        .max(Comparator.comparing(a -> List.of(a), FreightOrder.oldestFirst(other)));
                if (newest.isEmpty()) {
                    Log.infof(
                            "pipeline %s waits for an image of %s before it makes Freight",
                            pipeline.name(), other.imageRepository());
                    return Uni.createFrom().item(false);
                }
                artifacts.add(newest.get());
            }
            String id = FreightIdentity.id(pipeline.name(), pipeline.warehouse().name(), artifacts);
            if (existing.stream().anyMatch(f -> f.id.equals(id))) {
                return Uni.createFrom().item(false); // the same artifacts again: a redelivery or a re-push
            }
            Freight created = new Freight();
            created.id = id;
            created.pipeline = pipeline.name();
            created.warehouse = pipeline.warehouse().name();
            // a pair another Freight took gets a number; two instances racing for one alias meet at its unique
            // index, and the one that retries sees the other's Freight
            created.alias = FreightIdentity.uniqueAlias(
                    id, existing.stream().map(f -> f.alias).collect(Collectors.toSet()));
            created.artifactsJson = json.write(artifacts);
            created.sourceCommit = artifact.sourceCommit();
            created.correlationId = correlationId;
            created.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
            return freight.persist(created)
                    .call(() -> audit.record(
                            pipeline.name(),
                            null,
                            id,
                            null,
                            "freight-created",
                            Actor.SERVICE.name(),
                            "Freight " + created.alias + " from " + artifact.repository() + ":" + artifact.tag()))
                    .replaceWith(true);
        });
    }
}
