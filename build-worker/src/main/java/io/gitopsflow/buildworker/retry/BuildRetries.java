package io.gitopsflow.buildworker.retry;

import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * When a build that failed for a transient reason is tried again: after the initial backoff, doubled with every
 * further attempt up to the longest wait, until the configured number of attempts is spent.
 */
@ApplicationScoped
public class BuildRetries {

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    @Inject
    public BuildRetries(BuildWorkerConfig config) {
        this(
                config.retry().maxAttempts(),
                config.retry().initialBackoff(),
                config.retry().maxBackoff());
    }

    public BuildRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("gitops-flow.build.retry.max-attempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("the retry backoffs must be positive, the longest at least the first");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * The wait before the next attempt of a build whose {@code failedAttempts}-th attempt failed transiently; empty
     * when that was the last one allowed.
     */
    public Optional<Duration> after(int failedAttempts) {
        if (failedAttempts >= maxAttempts) {
            return Optional.empty();
        }
        long factor = 1L << Math.min(30, Math.max(0, failedAttempts - 1));
        long millis = initialBackoff.toMillis() * factor;
        return Optional.of(millis < 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis));
    }

    public int maxAttempts() {
        return maxAttempts;
    }
}
