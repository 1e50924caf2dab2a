package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.messaging.BuildEvents;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.SourceCommit;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/** Turns a finished build into its event: {@code image-published} or {@code build-failed}. */
@ApplicationScoped
public class BuildResults {

    private final BuildEvents events;

    public BuildResults(BuildEvents events) {
        this.events = events;
    }

    /** Publishes a finished build's result with the push's correlation id and trace context; completes on the ack. */
    public Uni<Void> publish(Build build) {
        if (!build.finished()) {
            throw new IllegalStateException("build " + build.id + " is " + build.status + ": no result to publish");
        }
        SourceCommit source = new SourceCommit(build.repository, build.cloneUrl, build.commit, build.ref);
        BuildDurations durations =
                new BuildDurations(build.checkoutMillis, build.buildMillis, build.pushMillis, build.totalMillis);
        if (Build.SUCCEEDED.equals(build.status)) {
            List<String> tags = Arrays.asList(build.tags.split(","));
            return events.imagePublished(
                    new ImagePublished(
                            build.imageRepository,
                            tags,
                            build.digest,
                            source,
                            build.id,
                            ImagePublished.Origin.BUILD_WORKER,
                            build.finishedAt.toInstant(),
                            durations),
                    build.correlationId,
                    build.traceparent);
        }
        return events.buildFailed(
                new BuildFailed(
                        build.id,
                        source,
                        build.failedStep,
                        build.reason,
                        build.logExcerpt,
                        build.finishedAt.toInstant(),
                        durations),
                build.correlationId,
                build.traceparent);
    }
}
