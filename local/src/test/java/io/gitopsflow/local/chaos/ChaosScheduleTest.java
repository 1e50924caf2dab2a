package io.gitopsflow.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.local.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChaosScheduleTest {

    @Test
    void theTestsScheduleHasEveryOutageOnceAndKillsOneInstanceOfEveryServiceSpreadOverTheSpan() {
        List<Fault> schedule = ChaosSchedule.covering(23, 2, Duration.ofSeconds(4), Duration.ofSeconds(80));

        assertThat(schedule).hasSize(LocalStack.SERVICES.size() + 5);
        assertThat(schedule.stream().filter(f -> f.kind() != Fault.Kind.KILL).map(Fault::kind))
                .containsExactlyInAnyOrder(
                        Fault.Kind.BROKER,
                        Fault.Kind.POSTGRES,
                        Fault.Kind.GIT,
                        Fault.Kind.REGISTRY,
                        Fault.Kind.GIT_DELAY);
        assertThat(schedule.stream()
                        .filter(f -> f.kind() == Fault.Kind.KILL)
                        .map(f -> f.target().substring(0, f.target().lastIndexOf('-')))
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(LocalStack.SERVICES.keySet());
        assertThat(schedule.stream().filter(f -> f.kind() == Fault.Kind.KILL).map(Fault::target))
                .allMatch(target -> target.endsWith("-0") || target.endsWith("-1"));
        assertThat(schedule.get(0).at()).isEqualTo(Duration.ofSeconds(4));
        assertThat(schedule.get(schedule.size() - 1).at()).isLessThan(Duration.ofSeconds(84));
        assertThat(schedule).extracting(Fault::length).allMatch(length -> length.compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void aSeedReplaysTheSameScheduleAndAnotherSeedDrawsAnother() {
        assertThat(ChaosSchedule.covering(23, 2, Duration.ZERO, Duration.ofSeconds(60)))
                .isEqualTo(ChaosSchedule.covering(23, 2, Duration.ZERO, Duration.ofSeconds(60)));
        assertThat(ChaosSchedule.random(7, 2, Duration.ofSeconds(15), Duration.ofMinutes(30)))
                .isEqualTo(ChaosSchedule.random(7, 2, Duration.ofSeconds(15), Duration.ofMinutes(30)))
                .isNotEqualTo(ChaosSchedule.random(8, 2, Duration.ofSeconds(15), Duration.ofMinutes(30)));
    }

    @Test
    void theBenchmarksFaultsComeAtLeastTheGapApartUntilTheSpanIsOver() {
        List<Fault> schedule = ChaosSchedule.random(20261206, 2, Duration.ofSeconds(15), Duration.ofMinutes(30));

        assertThat(schedule).hasSizeBetween(30, 120);
        for (int i = 1; i < schedule.size(); i++) {
            assertThat(schedule.get(i).at().minus(schedule.get(i - 1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(15));
        }
        assertThat(schedule.get(schedule.size() - 1).at()).isLessThan(Duration.ofMinutes(30));
        assertThat(schedule).extracting(Fault::kind).contains(Fault.Kind.values());
    }
}
