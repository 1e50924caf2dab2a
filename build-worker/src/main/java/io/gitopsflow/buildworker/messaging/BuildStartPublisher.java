package io.gitopsflow.buildworker.messaging;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.BuildStart;
import io.gitopsflow.events.BuildStarted;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.SourceCommit;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.messaging.EventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * build-worker's {@code build-started}, built from a stored start and its build: the CloudEvent id is the start's id
 * and its time the start's, so every publishing of one start is the same event; the push's correlation id and trace
 * context travel on.
 */
@ApplicationScoped
public class BuildStartPublisher {

    private final EventPublisher publisher;
    private final MutinyEmitter<byte[]> buildStarted;

    public BuildStartPublisher(EventPublisher publisher, @Channel("build-started") MutinyEmitter<byte[]> buildStarted) {
        this.publisher = publisher;
        this.buildStarted = buildStarted;
    }

    /** Publishes the start of {@code build}; completes when Kafka acknowledged it. */
    public Uni<Void> publish(BuildStart start, Build build) {
        BuildStarted data = new BuildStarted(
                build.id,
                new SourceCommit(build.repository, build.cloneUrl, build.commit, build.ref),
                null,
                start.queuedAt.toInstant(),
                start.startedAt.toInstant(),
                Math.max(0, Duration.between(start.queuedAt, start.startedAt).toMillis()),
                start.attempt);
        CloudEventAttributes attributes = new CloudEventAttributes(
                start.id,
                publisher.source(),
                EventType.BUILD_STARTED.cloudEventType(),
                data.subject(),
                start.startedAt.toInstant(),
                build.correlationId,
                build.traceparent);
        return publisher.publish(buildStarted, EventType.BUILD_STARTED, new EventEnvelope<>(attributes, data));
    }
}
