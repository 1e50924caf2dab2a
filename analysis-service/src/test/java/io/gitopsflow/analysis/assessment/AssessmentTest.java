package io.gitopsflow.analysis.assessment;

import static io.gitopsflow.events.AnalysisCompleted.Phase.ERROR;
import static io.gitopsflow.events.AnalysisCompleted.Phase.FAILED;
import static io.gitopsflow.events.AnalysisCompleted.Phase.INCONCLUSIVE;
import static io.gitopsflow.events.AnalysisCompleted.Phase.PENDING;
import static io.gitopsflow.events.AnalysisCompleted.Phase.RUNNING;
import static io.gitopsflow.events.AnalysisCompleted.Phase.SUCCESSFUL;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.analysis.assessment.Assessment.MetricState;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Argo Rollouts assessment rule and limit, on plain values. */
class AssessmentTest {

    private final Assessment assessment = new Assessment(new ConditionEvaluator());

    private static MetricSpec metric(String success, String failure) {
        return metric(success, failure, null, Duration.ofSeconds(1), 0, 0, 4, 0);
    }

    private static MetricSpec metric(
            String success,
            String failure,
            Integer count,
            Duration interval,
            int failureLimit,
            int inconclusiveLimit,
            int consecutiveErrorLimit,
            int consecutiveSuccessLimit) {
        return new MetricSpec(
                "m",
                interval,
                null,
                count,
                success,
                failure,
                failureLimit,
                inconclusiveLimit,
                consecutiveErrorLimit,
                consecutiveSuccessLimit,
                false,
                0,
                "prometheus",
                Map.of());
    }

    private Phase measured(MetricSpec metric, Object result) {
        return assessment.measurement(metric, result).phase();
    }

    @Test
    void neitherConditionIsSuccessful() {
        assertThat(measured(metric(null, null), List.of(0.1))).isEqualTo(SUCCESSFUL);
    }

    @Test
    void onlyASuccessConditionFailsWhenItIsFalse() {
        MetricSpec metric = metric("result[0] >= 0.95", null);
        assertThat(measured(metric, List.of(0.99))).isEqualTo(SUCCESSFUL);
        assertThat(measured(metric, List.of(0.5))).isEqualTo(FAILED);
        assertThat(assessment.measurement(metric, List.of(0.5)).message()).contains("is false");
    }

    @Test
    void onlyAFailureConditionSucceedsWhenItIsFalse() {
        MetricSpec metric = metric(null, "result[0] > 500");
        assertThat(measured(metric, List.of(100.0))).isEqualTo(SUCCESSFUL);
        assertThat(measured(metric, List.of(900.0))).isEqualTo(FAILED);
    }

    @Test
    void bothConditionsNeitherTrueIsInconclusiveAndFailureWinsWhenBothAreTrue() {
        MetricSpec metric = metric("result[0] >= 0.95", "result[0] < 0.5");
        assertThat(measured(metric, List.of(0.99))).isEqualTo(SUCCESSFUL);
        assertThat(measured(metric, List.of(0.2))).isEqualTo(FAILED);
        assertThat(measured(metric, List.of(0.7))).isEqualTo(INCONCLUSIVE);
        assertThat(measured(metric("result[0] > 0", "result[0] > 0"), List.of(1.0)))
                .isEqualTo(FAILED);
    }

    @Test
    void anEvaluationErrorIsAnError() {
        MetricSpec metric = metric("result[0] >= 0.95", null);
        Assessment.Verdict verdict = assessment.measurement(metric, List.of());
        assertThat(verdict.phase()).isEqualTo(ERROR);
        assertThat(verdict.message()).contains("result[0] >= 0.95");
    }

    @Test
    void countersFollowArgo() {
        MetricCounters counters =
                MetricCounters.NONE.after(SUCCESSFUL).after(ERROR).after(ERROR).after(SUCCESSFUL);
        assertThat(counters.measurements()).isEqualTo(4);
        assertThat(counters.count()).as("errors do not count").isEqualTo(2);
        assertThat(counters.consecutiveError()).isZero();
        assertThat(counters.consecutiveSuccess()).isEqualTo(2);
        assertThat(counters.after(FAILED).consecutiveSuccess()).isZero();
        assertThat(counters.after(ERROR).consecutiveError()).isEqualTo(1);
    }

    private Phase metricPhase(MetricSpec metric, MetricCounters counters, boolean terminating) {
        return assessment.metric(metric, counters, terminating).phase();
    }

    private static MetricCounters after(Phase... phases) {
        MetricCounters counters = MetricCounters.NONE;
        for (Phase phase : phases) {
            counters = counters.after(phase);
        }
        return counters;
    }

    @Test
    void noMeasurementIsPendingOrSuccessfulWhenTerminating() {
        MetricSpec metric = metric(null, null);
        assertThat(metricPhase(metric, MetricCounters.NONE, false)).isEqualTo(PENDING);
        assertThat(metricPhase(metric, MetricCounters.NONE, true)).isEqualTo(SUCCESSFUL);
    }

    @Test
    void failureLimitDefaultZeroFailsOnTheFirstFailureAndMinusOneDisablesIt() {
        MetricSpec limitZero = metric("true", null, 5, Duration.ofSeconds(1), 0, 0, 4, 0);
        assertThat(metricPhase(limitZero, after(FAILED), false)).isEqualTo(FAILED);
        MetricSpec limitTwo = metric("true", null, 5, Duration.ofSeconds(1), 2, 0, 4, 0);
        assertThat(metricPhase(limitTwo, after(FAILED, FAILED), false)).isEqualTo(RUNNING);
        assertThat(metricPhase(limitTwo, after(FAILED, FAILED, FAILED), false)).isEqualTo(FAILED);
        assertThat(assessment
                        .metric(limitTwo, after(FAILED, FAILED, FAILED), false)
                        .message())
                .isEqualTo("failed (3) > failureLimit (2)");
        MetricSpec disabled = metric("true", null, 3, Duration.ofSeconds(1), -1, 0, 4, 0);
        assertThat(metricPhase(disabled, after(FAILED, FAILED, FAILED), false)).isEqualTo(SUCCESSFUL);
    }

    @Test
    void inconclusiveLimit() {
        MetricSpec zero = metric("true", null, 5, Duration.ofSeconds(1), 0, 0, 4, 0);
        assertThat(metricPhase(zero, after(INCONCLUSIVE), false)).isEqualTo(INCONCLUSIVE);
        MetricSpec one = metric("true", null, 5, Duration.ofSeconds(1), 0, 1, 4, 0);
        assertThat(metricPhase(one, after(INCONCLUSIVE), false)).isEqualTo(RUNNING);
        assertThat(metricPhase(one, after(INCONCLUSIVE, INCONCLUSIVE), false)).isEqualTo(INCONCLUSIVE);
    }

    @Test
    void consecutiveErrorLimitDefaultFourErrorsOnTheFifthInARow() {
        MetricSpec metric = metric("true", null, 5, Duration.ofSeconds(1), 0, 0, 4, 0);
        assertThat(metricPhase(metric, after(ERROR, ERROR, ERROR, ERROR), false))
                .isEqualTo(RUNNING);
        assertThat(metricPhase(metric, after(ERROR, ERROR, ERROR, ERROR, ERROR), false))
                .isEqualTo(ERROR);
        assertThat(metricPhase(metric, after(ERROR, ERROR, ERROR, ERROR, SUCCESSFUL, ERROR), false))
                .as("a success resets the run of errors")
                .isEqualTo(RUNNING);
        MetricSpec zero = metric("true", null, 5, Duration.ofSeconds(1), 0, 0, 0, 0);
        assertThat(metricPhase(zero, after(ERROR), false)).isEqualTo(ERROR);
    }

    @Test
    void countReachedIsSuccessfulEvenWithFailuresWithinTheLimit() {
        MetricSpec metric = metric("true", null, 3, Duration.ofSeconds(1), 1, 0, 4, 0);
        assertThat(metricPhase(metric, after(SUCCESSFUL, FAILED), false)).isEqualTo(RUNNING);
        assertThat(metricPhase(metric, after(SUCCESSFUL, FAILED, SUCCESSFUL), false))
                .isEqualTo(SUCCESSFUL);
    }

    @Test
    void withoutCountOrIntervalOneMeasurementEndsTheMetricAndWithAnIntervalItRunsUntilTerminated() {
        MetricSpec once = metric("true", null, null, null, 0, 0, 4, 0);
        assertThat(once.effectiveCount()).isEqualTo(1);
        assertThat(metricPhase(once, after(SUCCESSFUL), false)).isEqualTo(SUCCESSFUL);
        assertThat(metricPhase(once, after(ERROR), false))
                .as("an error is retried")
                .isEqualTo(RUNNING);
        MetricSpec forever = metric("true", null, null, Duration.ofSeconds(30), 3, 0, 4, 0);
        assertThat(forever.effectiveCount()).isNull();
        assertThat(metricPhase(forever, after(SUCCESSFUL, SUCCESSFUL, SUCCESSFUL), false))
                .isEqualTo(RUNNING);
        assertThat(metricPhase(forever, after(SUCCESSFUL), true)).isEqualTo(SUCCESSFUL);
    }

    @Test
    void consecutiveSuccessLimit() {
        MetricSpec metric = metric("true", null, 5, Duration.ofSeconds(1), -1, 0, 4, 2);
        assertThat(metricPhase(metric, after(SUCCESSFUL, FAILED, SUCCESSFUL), false))
                .isEqualTo(RUNNING);
        assertThat(metricPhase(metric, after(SUCCESSFUL, FAILED, SUCCESSFUL, SUCCESSFUL), false))
                .isEqualTo(SUCCESSFUL);
        assertThat(metricPhase(metric, after(SUCCESSFUL, FAILED, SUCCESSFUL, FAILED, SUCCESSFUL), false))
                .as("count reached, limit not: failureLimit -1 makes it Failed")
                .isEqualTo(FAILED);
        MetricSpec both = metric("true", null, 3, Duration.ofSeconds(1), 2, 0, 4, 2);
        assertThat(metricPhase(both, after(SUCCESSFUL, FAILED, SUCCESSFUL), false))
                .as("neither limit reached by the count")
                .isEqualTo(INCONCLUSIVE);
    }

    @Test
    void runPhaseIsTheWorstMetricPhaseOnceAllCompleted() {
        assertThat(Assessment.run(List.of(state("a", SUCCESSFUL, false), state("b", RUNNING, false)), false, false)
                        .phase())
                .isEqualTo(RUNNING);
        assertThat(Assessment.run(
                                List.of(
                                        state("a", SUCCESSFUL, false),
                                        state("b", INCONCLUSIVE, false),
                                        state("c", ERROR, false)),
                                false,
                                false)
                        .phase())
                .isEqualTo(ERROR);
        Assessment.Verdict failed =
                Assessment.run(List.of(state("a", ERROR, false), state("b", FAILED, false)), false, false);
        assertThat(failed.phase()).isEqualTo(FAILED);
        assertThat(failed.message()).isEqualTo("Metric \"b\" assessed Failed due to why");
        assertThat(Assessment.isWorse(SUCCESSFUL, RUNNING)).isTrue();
        assertThat(Assessment.isWorse(RUNNING, PENDING)).isTrue();
        assertThat(Assessment.isWorse(PENDING, INCONCLUSIVE)).isTrue();
        assertThat(Assessment.isWorse(INCONCLUSIVE, ERROR)).isTrue();
        assertThat(Assessment.isWorse(ERROR, FAILED)).isTrue();
        assertThat(Assessment.isWorse(FAILED, ERROR)).isFalse();
    }

    @Test
    void dryRunMetricsNeverDecide() {
        Assessment.Verdict verdict =
                Assessment.run(List.of(state("real", SUCCESSFUL, false), state("trial", FAILED, true)), false, false);
        assertThat(verdict.phase()).isEqualTo(SUCCESSFUL);
        assertThat(Assessment.run(List.of(state("trial", FAILED, true)), false, false)
                        .phase())
                .isEqualTo(SUCCESSFUL);
    }

    @Test
    void aTerminatedRunIsTheWorstOfWhatCompletedOrSuccessful() {
        Assessment.Verdict terminated = Assessment.run(List.of(state("a", SUCCESSFUL, false)), true, true);
        assertThat(terminated.phase()).isEqualTo(SUCCESSFUL);
        assertThat(terminated.message()).isEqualTo("Run Terminated");
    }

    private static MetricState state(String name, Phase phase, boolean dryRun) {
        return new MetricState(name, phase, "why", dryRun);
    }
}
