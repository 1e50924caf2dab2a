package io.gitopsflow.events;

import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;

/**
 * A build began to run: build-worker took it from its queue. With the {@code image-published} or {@code build-failed}
 * that ends it, it tells how long the commit waited for a builder and how long it was built; a build taken over after
 * its instance's lease ran out, or tried again after a transient failure, starts again with the next attempt.
 *
 * @param buildId build-worker's build id
 * @param source the commit being built
 * @param builder the builder that builds it ({@code jib}, {@code kubernetes}...), or null when not known at the start
 *     (build-worker reads the commit's build.yaml only after the checkout)
 * @param queuedAt when the build was queued (or became due again, for a retry after a transient failure)
 * @param startedAt when it was taken from the queue
 * @param queueMillis how long it waited: {@code startedAt - queuedAt}, never negative
 * @param attempt which start of the build this is: 1 for the first, more when it is taken over or tried again
 */
public record BuildStarted(
        String buildId,
        SourceCommit source,
        String builder,
        Instant queuedAt,
        Instant startedAt,
        long queueMillis,
        int attempt)
        implements GitopsFlowEvent {

    public BuildStarted {
        Require.text(buildId, "buildId");
        Require.present(source, "source");
        if (builder != null) {
            ResourceNames.requireDnsLabel("builder", builder);
        }
        Require.present(queuedAt, "queuedAt");
        Require.present(startedAt, "startedAt");
        if (queueMillis < 0) {
            throw new IllegalArgumentException("queueMillis must not be negative");
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1");
        }
    }

    @Override
    public String partitionKey() {
        return source.repository();
    }

    @Override
    public String subject() {
        return source.repository();
    }
}
