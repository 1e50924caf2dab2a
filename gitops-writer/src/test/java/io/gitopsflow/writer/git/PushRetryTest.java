package io.gitopsflow.writer.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PushRetryTest {

    private final PushRetry retry = new PushRetry(8, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void doublesFromTheInitialDelayUpToTheCeilingWithHalfOfItJittered() {
        SplittableRandom random = new SplittableRandom(42);
        long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            for (int sample = 0; sample < 200; sample++) {
                long delay = retry.backoff(attempt, random).toMillis();
                assertThat(delay).isBetween(ceilings[attempt - 1] / 2, ceilings[attempt - 1]);
            }
        }
    }

    @Test
    void spreadsRacingWritersApart() {
        SplittableRandom random = new SplittableRandom(7);
        assertThat(java.util.stream.IntStream.range(0, 50)
                        .mapToLong(i -> retry.backoff(4, random).toMillis())
                        .distinct()
                        .count())
                .isGreaterThan(20);
    }

    @Test
    void neverOverflowsAndAcceptsAZeroDelay() {
        assertThat(retry.backoff(1_000, new SplittableRandom(1))).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(new PushRetry(3, Duration.ZERO, Duration.ZERO).backoff(2, new SplittableRandom(1)))
                .isZero();
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> new PushRetry(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new PushRetry(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("initialBackoff <= maxBackoff");
    }
}
