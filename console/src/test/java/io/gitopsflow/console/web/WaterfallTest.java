package io.gitopsflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.console.api.CommitTimeline;
import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The waterfall's layout on plain values: where each bar starts and how wide it is, and what a failure says. */
class WaterfallTest {

    private static final Instant T0 = Instant.parse("2026-12-05T20:00:00Z");

    @Test
    void eachBarRunsFromItsStepsStartToItsTimeOnTheScaleOfTheWholeWay() {
        Waterfall waterfall = Waterfall.of(new CommitTimeline(
                "a".repeat(40),
                null,
                List.of(
                        step(0, null, StepKind.COMMIT_PUSHED, StepOutcome.INFO, Map.of()),
                        step(40, 30_000L, StepKind.BUILD_FINISHED, StepOutcome.SUCCEEDED, Map.of()),
                        step(100, 50_000L, StepKind.BUILD_FAILED, StepOutcome.FAILED, Map.of("reason", "javac")))));

        assertThat(waterfall.rows()).extracting(Waterfall.Row::x).containsExactly("0.00", "10.00", "50.00");
        assertThat(waterfall.rows()).extracting(Waterfall.Row::width).containsExactly("0.40", "30.00", "50.00");
        assertThat(waterfall.rows()).extracting(Waterfall.Row::duration).containsExactly("—", "30 s", "50 s");
        assertThat(waterfall.rows()).extracting(Waterfall.Row::offset).containsExactly("+0 ms", "+10 s", "+50 s");
        assertThat(waterfall.rows()).extracting(Waterfall.Row::reason).containsExactly(null, null, "javac");
        assertThat(waterfall.rows().get(1).name()).isEqualTo("build finished");
        assertThat(waterfall.total()).isEqualTo("1 min 40 s");
    }

    @Test
    void anInstantAtTheEndStillShowsAndAFailureWithoutAReasonGivesItsSummary() {
        Waterfall waterfall = Waterfall.of(new CommitTimeline(
                "a".repeat(40),
                null,
                List.of(
                        step(0, null, StepKind.COMMIT_PUSHED, StepOutcome.INFO, Map.of()),
                        step(10, null, StepKind.PROMOTION_REJECTED, StepOutcome.FAILED, Map.of()))));

        assertThat(waterfall.rows().get(1).x()).isEqualTo("99.60");
        assertThat(waterfall.rows().get(1).reason()).isEqualTo("summary of promotion-rejected");
    }

    private static TimelineStep step(
            int second, Long duration, StepKind kind, StepOutcome outcome, Map<String, Object> details) {
        return new TimelineStep(
                T0.plusSeconds(second),
                kind,
                outcome,
                null,
                null,
                null,
                null,
                duration,
                "summary of " + kind.value(),
                details);
    }
}
