package io.gitopsflow.writer.service;

import io.gitopsflow.writer.repository.WriteBackoffRepository.Backoff;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * How a batch that cannot reach its Git host is tried again: after a backoff doubling from {@code initialBackoff} to
 * {@code maxBackoff}, until {@code giveUpAfter} has passed since the first failure.
 */
public record HostRetry(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {

    public HostRetry {
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("gitops-flow.writer.host-retry: need 0 <= initial-backoff <= max-backoff"
                    + " and a give-up-after of at least 0");
        }
    }

    /** Whether the target has been unreachable for longer than the writer waits. */
    public boolean givesUp(Backoff backoff, OffsetDateTime now) {
        return Duration.between(backoff.since(), now).compareTo(giveUpAfter) > 0;
    }
}
