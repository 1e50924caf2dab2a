package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.Measurement;
import io.gitopsflow.analysis.RunMetric;
import io.gitopsflow.analysis.repository.AnalysisRunRepository;
import io.gitopsflow.analysis.repository.MeasurementRepository;
import io.gitopsflow.analysis.repository.RunMetricRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/** What the REST API reads of runs, their metrics and measurements. */
@ApplicationScoped
public class RunQueries {

    private final Transactions transactions;
    private final AnalysisRunRepository runs;
    private final RunMetricRepository metrics;
    private final MeasurementRepository measurements;

    public RunQueries(
            Transactions transactions,
            AnalysisRunRepository runs,
            RunMetricRepository metrics,
            MeasurementRepository measurements) {
        this.transactions = transactions;
        this.runs = runs;
        this.metrics = metrics;
        this.measurements = measurements;
    }

    /** A run and its metrics. */
    public record Found(AnalysisRun run, List<RunMetric> metrics) {}

    /** Runs newest first (at most {@value AnalysisRunRepository#PAGE}), of the filters that are not null. */
    public Uni<List<AnalysisRun>> runs(String project, String stage, String promotionId, String phase) {
        return transactions.read(() -> runs.search(project, stage, promotionId, phase));
    }

    public Uni<Found> run(String id) {
        return transactions.read(() -> runs.findById(id).chain(run -> {
            if (run == null) {
                throw new NotFoundException("no analysis run " + id);
            }
            return metrics.ofRun(id).map(all -> new Found(run, all));
        }));
    }

    public Uni<List<Measurement>> measurements(String runId, String metric) {
        return transactions.read(() -> measurements.ofRun(runId, metric));
    }
}
