package io.gitopsflow.buildworker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildRetriesTest {

    private final BuildRetries retries = new BuildRetries(5, Duration.ofSeconds(5), Duration.ofSeconds(30));

    @Test
    void theWaitDoublesFromTheFirstUpToTheLongest() {
        assertThat(retries.after(1)).contains(Duration.ofSeconds(5));
        assertThat(retries.after(2)).contains(Duration.ofSeconds(10));
        assertThat(retries.after(3)).contains(Duration.ofSeconds(20));
        assertThat(retries.after(4)).contains(Duration.ofSeconds(30));
    }

    @Test
    void theLastAttemptAllowedGetsNoFurtherOne() {
        assertThat(retries.after(5)).isEmpty();
        assertThat(retries.after(6)).isEmpty();
        assertThat(new BuildRetries(1, Duration.ofSeconds(1), Duration.ofSeconds(1)).after(1))
                .isEmpty();
    }

    @Test
    void manyAttemptsNeverOverflowTheWait() {
        BuildRetries patient = new BuildRetries(1000, Duration.ofSeconds(5), Duration.ofMinutes(2));
        assertThat(patient.after(999)).contains(Duration.ofMinutes(2));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new BuildRetries(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BuildRetries(3, Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
