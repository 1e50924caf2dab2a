package io.gitopsflow.buildworker.messaging;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.BuildStatus;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.messaging.EventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * build-worker's outgoing events, built from a finished build as stored: {@code image-published} (then
 * {@code chart-published} when a release build pushed its Helm chart too) or {@code build-failed}, continuing the
 * push's correlation id and trace context.
 */
@ApplicationScoped
public class BuildResultPublisher {

    private final EventPublisher publisher;
    private final MutinyEmitter<byte[]> imagePublished;
    private final MutinyEmitter<byte[]> buildFailed;
    private final MutinyEmitter<byte[]> chartPublished;

    public BuildResultPublisher(
            EventPublisher publisher,
            @Channel("image-published") MutinyEmitter<byte[]> imagePublished,
            @Channel("build-failed") MutinyEmitter<byte[]> buildFailed,
            @Channel("chart-published") MutinyEmitter<byte[]> chartPublished) {
        this.publisher = publisher;
        this.imagePublished = imagePublished;
        this.buildFailed = buildFailed;
        this.chartPublished = chartPublished;
    }

    /** Publishes a finished build's result; completes when Kafka acknowledged it. */
    public Uni<Void> publish(Build build) {
        if (!build.finished()) {
            throw new IllegalStateException("build " + build.id + " is " + build.status + ": no result to publish");
        }
        SourceCommit source = new SourceCommit(build.repository, build.cloneUrl, build.commit, build.ref);
        BuildDurations durations =
                new BuildDurations(build.checkoutMillis, build.buildMillis, build.pushMillis, build.totalMillis);
        if (build.status == BuildStatus.SUCCEEDED) {
            List<String> tags = Arrays.asList(build.tags.split(","));
            ImagePublished image = new ImagePublished(
                    build.imageRepository,
                    tags,
                    build.digest,
                    source,
                    build.id,
                    ImagePublished.Origin.BUILD_WORKER,
                    build.finishedAt.toInstant(),
                    durations);
            return publisher
                    .publish(imagePublished, EventType.IMAGE_PUBLISHED, image, build.correlationId, build.traceparent)
                    .chain(() -> publishChart(build, source))
                    .replaceWithVoid();
        }
        BuildFailed failure = new BuildFailed(
                build.id,
                source,
                build.failedStep,
                build.reason,
                build.logExcerpt,
                build.finishedAt.toInstant(),
                durations);
        return publisher
                .publish(buildFailed, EventType.BUILD_FAILED, failure, build.correlationId, build.traceparent)
                .replaceWithVoid();
    }

    /** The chart a release build pushed after its image, once the image's event is acknowledged; none: nothing. */
    private Uni<Void> publishChart(Build build, SourceCommit source) {
        if (build.chartDigest == null) {
            return Uni.createFrom().voidItem();
        }
        ChartPublished chart = new ChartPublished(
                build.chartRepository,
                build.chartVersion,
                build.chartVersion,
                build.chartDigest,
                source,
                build.id,
                build.finishedAt.toInstant());
        return publisher
                .publish(chartPublished, EventType.CHART_PUBLISHED, chart, build.correlationId, build.traceparent)
                .replaceWithVoid();
    }
}
