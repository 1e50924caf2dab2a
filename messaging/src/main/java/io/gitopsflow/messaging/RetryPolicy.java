package io.gitopsflow.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a record whose handler met an outage is retried: the first wait, doubled up to the longest wait, for as long as
 * the outage lasts (the partition waits meanwhile, so order within it holds).
 */
@ConfigMapping(prefix = "gitops-flow.messaging.retry")
public interface RetryPolicy {

    /** The wait before the first retry. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** The longest wait between two retries. */
    @WithDefault("10s")
    Duration maxBackoff();
}
