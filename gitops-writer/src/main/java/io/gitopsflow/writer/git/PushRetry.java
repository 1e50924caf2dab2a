package io.gitopsflow.writer.git;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often a write is re-applied when another writer moved the branch first, and how long to wait in between:
 * exponential backoff with "equal jitter" (half the delay fixed, half random), so racing instances spread out.
 *
 * @param maxAttempts attempts in total, at least 1
 * @param initialBackoff the delay after the first rejected push
 * @param maxBackoff the ceiling of a single delay
 */
public record PushRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Production defaults: 8 attempts, 200 ms doubling up to 5 s. */
    public static final PushRetry DEFAULT = new PushRetry(8, Duration.ofMillis(200), Duration.ofSeconds(5));

    public PushRetry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** The delay after {@code failedAttempts} (1, 2, ...) rejected pushes: in [d/2, d], d = min(max, initial·2^(n-1)). */
    public Duration backoff(int failedAttempts, RandomGenerator random) {
        long initial = initialBackoff.toMillis();
        long ceiling = maxBackoff.toMillis();
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long delay = Math.min(ceiling, initial << doublings);
        if (delay < 0) {
            delay = ceiling;
        }
        long half = delay / 2;
        return Duration.ofMillis(half + random.nextLong(delay - half + 1));
    }
}
