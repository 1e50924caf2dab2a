package io.gitopsflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only a simple threshold becomes a line on the chart; every other condition stays text. */
class ConditionThresholdTest {

    @Test
    void aThresholdOnTheFirstElementOfTheResultIsALine() {
        assertThat(ConditionThreshold.parse("result[0] < 0.05")).contains(new ConditionThreshold("<", 0.05));
        assertThat(ConditionThreshold.parse("  result [ 0 ]<=1e-3 ")).contains(new ConditionThreshold("<=", 0.001));
    }

    @Test
    void aThresholdOnTheResultItselfIsALineWhateverItsOperator() {
        assertThat(ConditionThreshold.parse("result >= 0.95")).contains(new ConditionThreshold(">=", 0.95));
        assertThat(ConditionThreshold.parse("result > -2")).contains(new ConditionThreshold(">", -2));
        assertThat(ConditionThreshold.parse("result == 1")).contains(new ConditionThreshold("==", 1));
        assertThat(ConditionThreshold.parse("result < .5")).contains(new ConditionThreshold("<", 0.5));
    }

    @Test
    void anyOtherConditionIsNotDrawn() {
        assertThat(ConditionThreshold.parse(null)).isEmpty();
        assertThat(ConditionThreshold.parse("")).isEmpty();
        assertThat(ConditionThreshold.parse("result[0] < 0.05 && result[1] < 1"))
                .isEmpty();
        assertThat(ConditionThreshold.parse("len(result) > 0")).isEmpty();
        assertThat(ConditionThreshold.parse("result[1] < 0.05")).isEmpty();
        assertThat(ConditionThreshold.parse("0.05 > result")).isEmpty();
        assertThat(ConditionThreshold.parse("result < {{args.threshold}}")).isEmpty();
        assertThat(ConditionThreshold.parse("result != 0")).isEmpty();
        assertThat(ConditionThreshold.parse("result.successRate >= 0.9")).isEmpty();
        assertThat(ConditionThreshold.parse("result < 1e999")).isEmpty();
    }
}
