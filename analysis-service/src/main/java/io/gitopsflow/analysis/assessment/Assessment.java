package io.gitopsflow.analysis.assessment;

import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.condition.ConditionException;
import java.util.List;

/**
 * Argo Rollouts' assessment rules, on plain values and apart from fetching them (as Argo keeps them apart from its
 * providers): a measured value against a metric's conditions, a metric's counters against its limits, and a run's
 * metrics into the run's phase.
 */
public final class Assessment {

    private final ConditionEvaluator conditions;

    public Assessment(ConditionEvaluator conditions) {
        this.conditions = conditions;
    }

    /**
     * A measurement's phase and message.
     *
     * @param phase Successful, Failed, Inconclusive or Error
     * @param message why, for a Failed, Inconclusive or Error measurement; null otherwise
     */
    public record Verdict(Phase phase, String message) {}

    /**
     * Assesses a measured {@code result}: neither condition set → Successful; only the success condition → Failed when
     * it is false; only the failure condition → Successful when it is false; both → Failed when the failure condition
     * holds, Successful when only the success condition holds, Inconclusive when neither does; a condition that
     * cannot be evaluated → Error.
     */
    public Verdict measurement(MetricSpec metric, Object result) {
        String success = metric.successCondition();
        String failure = metric.failureCondition();
        boolean succeeded = false;
        boolean failed = false;
        try {
            if (success != null) {
                succeeded = conditions.evaluate(success, result);
            }
            if (failure != null) {
                failed = conditions.evaluate(failure, result);
            }
        } catch (ConditionException e) {
            return new Verdict(Phase.ERROR, e.getMessage());
        }
        if (success == null && failure == null) {
            return new Verdict(Phase.SUCCESSFUL, null);
        }
        if (failure == null) {
            failed = !succeeded;
        } else if (success == null) {
            succeeded = !failed;
        }
        if (failed) {
            return new Verdict(
                    Phase.FAILED,
                    failure != null
                            ? "failureCondition '" + failure + "' is true"
                            : "successCondition '" + success + "' is false");
        }
        if (!succeeded) {
            return new Verdict(Phase.INCONCLUSIVE, "neither successCondition nor failureCondition is true");
        }
        return new Verdict(Phase.SUCCESSFUL, null);
    }

    /**
     * A metric's phase from its counters, as Argo's {@code assessMetricStatus}: no measurement yet → Pending (or
     * Successful when the run is terminating); failed > failureLimit (unless -1) → Failed; inconclusive >
     * inconclusiveLimit → Inconclusive; consecutive errors > consecutiveErrorLimit → Error; consecutive successes ≥
     * consecutiveSuccessLimit (when set) → Successful; the effective count reached, or the run terminating → Successful,
     * except that a consecutiveSuccessLimit not reached by then ends Failed when failureLimit is -1 and Inconclusive
     * otherwise; anything else → Running.
     *
     * @return the phase and, for a phase reached through a limit, the reason
     */
    public Verdict metric(MetricSpec metric, MetricCounters counters, boolean terminating) {
        if (counters.measurements() == 0) {
            return new Verdict(terminating ? Phase.SUCCESSFUL : Phase.PENDING, terminating ? "run terminated" : null);
        }
        if (metric.failureLimit() >= 0 && counters.failed() > metric.failureLimit()) {
            return new Verdict(
                    Phase.FAILED, "failed (" + counters.failed() + ") > failureLimit (" + metric.failureLimit() + ")");
        }
        if (counters.inconclusive() > metric.inconclusiveLimit()) {
            return new Verdict(
                    Phase.INCONCLUSIVE,
                    "inconclusive (" + counters.inconclusive() + ") > inconclusiveLimit (" + metric.inconclusiveLimit()
                            + ")");
        }
        if (counters.consecutiveError() > metric.consecutiveErrorLimit()) {
            return new Verdict(
                    Phase.ERROR,
                    "consecutiveErrors (" + counters.consecutiveError() + ") > consecutiveErrorLimit ("
                            + metric.consecutiveErrorLimit() + ")");
        }
        int successLimit = metric.consecutiveSuccessLimit();
        if (successLimit > 0 && counters.consecutiveSuccess() >= successLimit) {
            return new Verdict(
                    Phase.SUCCESSFUL,
                    "consecutiveSuccesses (" + counters.consecutiveSuccess() + ") >= consecutiveSuccessLimit ("
                            + successLimit + ")");
        }
        Integer count = metric.effectiveCount();
        boolean ended = count != null && counters.count() >= count;
        if (ended || terminating) {
            if (successLimit > 0) {
                String why = "consecutiveSuccessLimit (" + successLimit + ") not reached (consecutiveSuccesses "
                        + counters.consecutiveSuccess() + ")";
                return new Verdict(metric.failureLimit() < 0 ? Phase.FAILED : Phase.INCONCLUSIVE, why);
            }
            return new Verdict(Phase.SUCCESSFUL, ended ? null : "run terminated");
        }
        return new Verdict(Phase.RUNNING, null);
    }

    /** A metric of a run, as the run's assessment sees it. */
    public record MetricState(String name, Phase phase, String message, boolean dryRun) {}

    /**
     * The run's phase, as Argo's {@code assessRunStatus}: Running while any metric is not completed (unless the run is
     * terminating), else the worst phase of the metrics that are not dry-run (Successful when all are dry-run or
     * none completed), with the message of the metric that decided it.
     */
    public static Verdict run(List<MetricState> metrics, boolean terminating, boolean terminatedByUser) {
        Phase worst = null;
        String message = terminatedByUser ? "Run Terminated" : null;
        boolean everythingCompleted = true;
        for (MetricState metric : metrics) {
            if (!metric.phase().isCompleted()) {
                everythingCompleted = false;
                continue;
            }
            if (metric.dryRun()) {
                if (worst == null) {
                    worst = Phase.SUCCESSFUL;
                }
                continue;
            }
            if (worst == null || isWorse(worst, metric.phase())) {
                worst = metric.phase();
                if (metric.phase() != Phase.SUCCESSFUL && metric.message() != null) {
                    message = "Metric \"" + metric.name() + "\" assessed " + label(metric.phase()) + " due to "
                            + metric.message();
                }
            }
        }
        if (terminating) {
            return new Verdict(worst == null ? Phase.SUCCESSFUL : worst, message);
        }
        if (!everythingCompleted || worst == null) {
            return new Verdict(Phase.RUNNING, null);
        }
        return new Verdict(worst, message);
    }

    /** Whether {@code candidate} is worse than {@code current}: Successful < Running < Pending < Inconclusive < Error < Failed. */
    public static boolean isWorse(Phase current, Phase candidate) {
        return rank(candidate) > rank(current);
    }

    /** True when a metric in this phase makes the run stop measuring (Argo's {@code IsTerminating}). */
    public static boolean stopsTheRun(Phase metricPhase) {
        return metricPhase == Phase.FAILED || metricPhase == Phase.ERROR || metricPhase == Phase.INCONCLUSIVE;
    }

    /** The phase spelled as Argo spells it. */
    public static String label(Phase phase) {
        String name = phase.name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static int rank(Phase phase) {
        return switch (phase) {
            case SUCCESSFUL -> 0;
            case RUNNING -> 1;
            case PENDING -> 2;
            case INCONCLUSIVE -> 3;
            case ERROR -> 4;
            case FAILED -> 5;
        };
    }
}
