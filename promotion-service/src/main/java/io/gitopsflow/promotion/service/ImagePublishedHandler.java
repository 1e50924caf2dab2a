package io.gitopsflow.promotion.service;

import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.promotion.warehouse.Arrival;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.promotion.warehouse.TagSelector;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Subscription;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns published images into Freight, and lets the pipeline's stages auto-promote a new one. A Warehouse with several
 * subscriptions makes Freight only once each has an artifact; the new image then travels with the newest artifact of
 * every other subscription ({@link FreightMaker}). An image no subscription or tag rule takes is ignored (logged); its tags are kept, so a
 * subscription whose rules select none of them shows a warning in the pipeline's status ({@link TagWarnings}).
 */
@ApplicationScoped
public class ImagePublishedHandler {

    private final PipelineRegistry pipelines;
    private final ArtifactArrivals arrivals;
    private final TagWarnings tagWarnings;

    public ImagePublishedHandler(PipelineRegistry pipelines, ArtifactArrivals arrivals, TagWarnings tagWarnings) {
        this.pipelines = pipelines;
        this.arrivals = arrivals;
        this.tagWarnings = tagWarnings;
    }

    public Uni<Void> onImagePublished(EventEnvelope<ImagePublished> event) {
        return tagWarnings.record(event.data()).chain(() -> freightFrom(event));
    }

    private Uni<Void> freightFrom(EventEnvelope<ImagePublished> event) {
        ImagePublished image = event.data();
        List<Uni<Void>> work = new ArrayList<>();
        List<ArtifactArrivals.Eligible> eligible = new ArrayList<>();
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
            eligible.add(new ArtifactArrivals.Eligible(pipeline, Arrival.of(artifact)));
        }
        work.add(arrivals.arrive(eligible, event.attributes().correlationId()));
        return Uni.join().all(work).andFailFast().replaceWithVoid();
    }
}
