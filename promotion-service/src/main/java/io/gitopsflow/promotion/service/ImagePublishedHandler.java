package io.gitopsflow.promotion.service;

import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.promotion.warehouse.FreightIdentity;
import io.gitopsflow.promotion.warehouse.FreightOrder;
import io.gitopsflow.promotion.warehouse.TagSelector;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Subscription;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Turns published images into Freight, and lets the pipeline's stages auto-promote a new one. A Warehouse with several
 * subscriptions makes Freight only once each has an image; the new image then travels with the newest image of every
 * other subscription. An image no subscription or tag rule takes is ignored (logged); its tags are kept, so a
 * subscription whose rules select none of them shows a warning in the pipeline's status ({@link TagWarnings}).
 */
@ApplicationScoped
public class ImagePublishedHandler {

    private final PipelineRegistry pipelines;
    private final FreightRepository freight;
    private final AuditService audit;
    private final Transactions transactions;
    private final FreightArtifacts json;
    private final AutoPromotion auto;
    private final TagWarnings tagWarnings;
    private final DecisionEvents events;

    public ImagePublishedHandler(
            PipelineRegistry pipelines,
            FreightRepository freight,
            AuditService audit,
            Transactions transactions,
            FreightArtifacts json,
            AutoPromotion auto,
            TagWarnings tagWarnings,
            DecisionEvents events) {
        this.pipelines = pipelines;
        this.freight = freight;
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.auto = auto;
        this.tagWarnings = tagWarnings;
        this.events = events;
    }

    public Uni<Void> onImagePublished(EventEnvelope<ImagePublished> event) {
        return tagWarnings.record(event.data()).chain(() -> freightFrom(event));
    }

    private Uni<Void> freightFrom(EventEnvelope<ImagePublished> event) {
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
                work.add(tagWarnings.log(pipeline));
                continue;
            }
            OptionalLong buildNumber = image.buildNumber();
            Artifact artifact = new Artifact(
                    image.imageRepository(),
                    tag.get(),
                    image.digest(),
                    image.source() == null ? null : image.source().repository(),
                    image.source() == null ? null : image.source().commit(),
                    image.publishedAt(),
                    image.source() == null ? null : image.source().ref(),
                    buildNumber.isPresent() ? buildNumber.getAsLong() : null);
            work.add(transactions
                    .run(() -> store(pipeline, artifact, event.attributes().correlationId()))
                    .onFailure(ContentErrors::isRefusedContent)
                    .transform(ContentErrors::terminal)
                    .chain(created -> created
                            ? auto.promoteStages(pipeline)
                            : Uni.createFrom().voidItem()));
        }
        if (work.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(work).andFailFast().replaceWithVoid();
    }

    /**
     * Adds build-worker's build number to a stored Freight's artifact that lacks it (its identity — repository, tag,
     * digest — is unchanged), so the Freight ranks by commit among its branch's builds; true when it did.
     */
    private boolean numbered(Freight stored, Artifact announced) {
        if (announced.buildNumber() == null) {
            return false;
        }
        List<Artifact> artifacts = json.of(stored);
        boolean changed = false;
        List<Artifact> numbered = new ArrayList<>();
        for (Artifact a : artifacts) {
            if (a.buildNumber() == null && a.image().equals(announced.image())) {
                numbered.add(announced);
                changed = true;
            } else {
                numbered.add(a);
            }
        }
        if (changed) {
            stored.artifactsJson = json.write(numbered);
            Log.infof("Freight %s is build %d of %s", stored.alias, announced.buildNumber(), announced.sourceRef());
        }
        return changed;
    }

    /** Stores the Freight the artifact makes; true when it is new (or newly ranked by its build number). */
    private Uni<Boolean> store(Pipeline pipeline, Artifact artifact, String correlationId) {
        return freight.byPipeline(pipeline.name()).chain(existing -> {
            List<Artifact> artifacts = new ArrayList<>();
            artifacts.add(artifact);
            for (Subscription other : pipeline.warehouse().subscriptions()) {
                if (other.imageRepository().equals(artifact.repository())) {
                    continue;
                }
                List<List<Artifact>> known = existing.stream().map(json::of).toList();
                Optional<Artifact> newest = known.stream()
                        .flatMap(List::stream)
                        .filter(a -> a.repository().equals(other.imageRepository()))
                        .max(Comparator.comparing(a -> List.of(a), FreightOrder.oldestFirst(other, known)));
                if (newest.isEmpty()) {
                    Log.infof(
                            "pipeline %s waits for an image of %s before it makes Freight",
                            pipeline.name(), other.imageRepository());
                    return Uni.createFrom().item(false);
                }
                artifacts.add(newest.get());
            }
            String id = FreightIdentity.id(pipeline.name(), pipeline.warehouse().name(), artifacts);
            Optional<Freight> same =
                    existing.stream().filter(f -> f.id.equals(id)).findFirst();
            if (same.isPresent()) {
                // the same artifacts again: a redelivery, a re-push, or build-worker's own announcement of an image
                // a registry notification announced first, which brings the build's number
                return Uni.createFrom().item(numbered(same.get(), artifact));
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
            created.commit = artifact.sourceCommit();
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
                    .call(() -> events.freightCreated(created))
                    .replaceWith(true);
        });
    }
}
