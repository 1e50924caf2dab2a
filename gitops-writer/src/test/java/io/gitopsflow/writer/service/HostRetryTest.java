package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.writer.repository.WriteBackoffRepository.Backoff;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How long a batch whose Git host cannot be reached keeps waiting before it is answered FAILED. */
class HostRetryTest {

    private static final OffsetDateTime FIRST_FAILURE = OffsetDateTime.of(2026, 12, 5, 10, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void theWriterWaitsUntilGiveUpAfterHasPassedSinceTheFirstFailure() {
        HostRetry retry = new HostRetry(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(30));
        Backoff backoff = new Backoff(12, FIRST_FAILURE, FIRST_FAILURE.plusMinutes(29));

        assertThat(retry.givesUp(backoff, FIRST_FAILURE.plusMinutes(29))).isFalse();
        assertThat(retry.givesUp(backoff, FIRST_FAILURE.plusMinutes(30))).isFalse();
        assertThat(retry.givesUp(backoff, FIRST_FAILURE.plusMinutes(30).plusSeconds(1)))
                .isTrue();
    }

    @Test
    void aGiveUpAfterOfZeroAnswersTheFirstFailureAtOnce() {
        HostRetry retry = new HostRetry(Duration.ZERO, Duration.ZERO, Duration.ZERO);

        assertThat(retry.givesUp(new Backoff(1, FIRST_FAILURE, FIRST_FAILURE), FIRST_FAILURE.plusNanos(1_000)))
                .isTrue();
    }

    @Test
    void aBackoffLongerThanItsMaximumIsRefused() {
        assertThatThrownBy(() -> new HostRetry(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(30)))
                .hasMessageContaining("host-retry");
    }
}
