package io.gitopsflow.console.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The windows' chart buckets: calendar days for a week, ISO weeks from Monday otherwise, in UTC. */
class DoraWindowTest {

    // a Saturday
    private static final Instant FROM = Instant.parse("2026-12-05T23:37:09Z");

    @Test
    void aWeekIsChartedByCalendarDayFromTheStartOfItsFirstDay() {
        assertThat(DoraWindow.DAYS_7.bucket()).isEqualTo(Duration.ofDays(1));
        assertThat(DoraWindow.DAYS_7.origin(FROM)).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
    }

    @Test
    void longerWindowsAreChartedByWeekFromTheMondayOnOrBeforeTheirStart() {
        assertThat(DoraWindow.DAYS_30.bucket()).isEqualTo(Duration.ofDays(7));
        assertThat(DoraWindow.DAYS_90.origin(FROM)).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(DoraWindow.DAYS_30.origin(Instant.parse("2026-11-30T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    }
}
