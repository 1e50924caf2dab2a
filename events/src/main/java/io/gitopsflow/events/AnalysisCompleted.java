package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;
import java.util.List;

/**
 * An analysis run ended: its phase is the verdict on the Freight in the stage.
 *
 * @param analysisRunId analysis-service's run id
 * @param promotionId the promotion verified
 * @param project the pipeline
 * @param stage the stage
 * @param freightId the Freight
 * @param phase the run's phase: the worst phase of its metrics that are not dry-run
 * @param message why the run ended so, e.g. which metric failed
 * @param metrics a summary of every metric
 * @param startedAt when the run started
 * @param completedAt when it ended
 */
public record AnalysisCompleted(
        String analysisRunId,
        String promotionId,
        String project,
        String stage,
        String freightId,
        Phase phase,
        String message,
        List<MetricResult> metrics,
        Instant startedAt,
        Instant completedAt)
        implements GitopsFlowEvent {

    public AnalysisCompleted {
        Require.text(analysisRunId, "analysisRunId");
        Require.text(promotionId, "promotionId");
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        ResourceNames.requireDnsLabel("stage", Require.text(stage, "stage"));
        Require.text(freightId, "freightId");
        Require.present(phase, "phase");
        if (!phase.isCompleted()) {
            throw new IllegalArgumentException("phase of a completed analysis must be terminal, not " + phase);
        }
        message = message == null ? "" : message;
        metrics = Require.list(metrics);
        Require.present(startedAt, "startedAt");
        Require.present(completedAt, "completedAt");
    }

    @Override
    public String partitionKey() {
        return project + "/" + stage;
    }

    @Override
    public String subject() {
        return project + "/" + stage;
    }

    /** Argo Rollouts' analysis phases, spelled as Argo spells them. */
    public enum Phase {
        @JsonProperty("Pending")
        PENDING,
        @JsonProperty("Running")
        RUNNING,
        @JsonProperty("Successful")
        SUCCESSFUL,
        @JsonProperty("Failed")
        FAILED,
        @JsonProperty("Error")
        ERROR,
        @JsonProperty("Inconclusive")
        INCONCLUSIVE;

        /** True for the phases a run ends in. */
        public boolean isCompleted() {
            return this != PENDING && this != RUNNING;
        }
    }

    /**
     * The outcome of one metric.
     *
     * @param name the metric's name
     * @param phase the metric's phase
     * @param count measurements taken
     * @param successful measurements assessed Successful
     * @param failed measurements assessed Failed
     * @param inconclusive measurements assessed Inconclusive
     * @param error measurements that errored
     * @param lastValue the last measured value as text, or null
     * @param message why the metric ended so, or null
     * @param dryRun true when the metric does not decide the outcome
     */
    public record MetricResult(
            String name,
            Phase phase,
            int count,
            int successful,
            int failed,
            int inconclusive,
            int error,
            String lastValue,
            String message,
            boolean dryRun) {

        public MetricResult {
            Require.text(name, "metrics[].name");
            Require.present(phase, "metrics[].phase");
            Require.notNegative(count, "metrics[].count");
            Require.notNegative(successful, "metrics[].successful");
            Require.notNegative(failed, "metrics[].failed");
            Require.notNegative(inconclusive, "metrics[].inconclusive");
            Require.notNegative(error, "metrics[].error");
        }
    }
}
