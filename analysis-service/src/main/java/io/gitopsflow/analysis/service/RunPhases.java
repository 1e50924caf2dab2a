package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.analysis.assessment.Assessment.MetricState;
import io.gitopsflow.analysis.assessment.Assessment.Verdict;
import io.gitopsflow.spec.analysis.MetricSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A run's phase and its metrics' phases, as Argo Rollouts assesses them from the counters: what a measurement and a
 * terminate both end with. It changes the rows it is given and stores nothing itself.
 */
@ApplicationScoped
public class RunPhases {

    private final Assessment assessment;
    private final MeterRegistry meters;

    public RunPhases(MetricProviders providers, MeterRegistry meters) {
        this.assessment = new Assessment(providers.conditions());
        this.meters = meters;
    }

    /** The metric's phase from its counters (assessed as terminated when {@code terminating}); set on the metric. */
    public Verdict assessMetric(RunMetric metric, MetricSpec spec, boolean terminating) {
        Verdict verdict = assessment.metric(spec, metric.counters(), terminating);
        metric.phase = Assessment.label(verdict.phase());
        if (verdict.phase().isCompleted()) {
            metric.nextAt = null;
            if (verdict.message() != null) {
                // Argo's wording: the limit that decided, then the last measurement's own message
                metric.message = verdict.message() + (metric.message == null ? "" : ": \"" + metric.message + "\"");
            }
        }
        return verdict;
    }

    /**
     * The run's phase from its metrics; when a metric that decides stopped the run (or it was terminated), the metrics
     * still going are assessed as terminated. True when the run completed now.
     */
    public boolean settle(AnalysisRun run, List<RunMetric> metrics, Map<String, MetricSpec> specs) {
        boolean terminating = run.terminate
                || metrics.stream().anyMatch(m -> !m.dryRun && Assessment.stopsTheRun(RunVerdicts.phase(m.phase)));
        if (terminating) {
            for (RunMetric metric : metrics) {
                if (!RunVerdicts.phase(metric.phase).isCompleted()) {
                    assessMetric(metric, specs.get(metric.name), true);
                }
            }
        }
        List<MetricState> states = metrics.stream()
                .map(m -> new MetricState(m.name, RunVerdicts.phase(m.phase), m.message, m.dryRun))
                .toList();
        Verdict verdict = Assessment.run(states, terminating, run.terminate);
        run.phase = Assessment.label(verdict.phase());
        if (!verdict.phase().isCompleted()) {
            return false;
        }
        run.message = verdict.message();
        run.completedAt = now();
        metrics.forEach(metric -> metric.nextAt = null);
        meters.counter("gitopsflow.analysis.runs.completed", "phase", run.phase).increment();
        meters.timer("gitopsflow.analysis.run.duration", "phase", run.phase)
                .record(Duration.between(run.startedAt, run.completedAt));
        Log.infof("analysis %s of %s/%s ended %s: %s", run.id, run.project, run.stage, run.phase, run.message);
        return true;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
