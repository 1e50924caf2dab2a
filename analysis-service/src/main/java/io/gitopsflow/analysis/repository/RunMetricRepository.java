package io.gitopsflow.analysis.repository;

import io.gitopsflow.analysis.RunMetric;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The metrics of runs: their phases and counters, in the order the templates list them. Claiming due metrics is the
 * shared durable queue's ({@link AnalysisWorkTables#DUE_METRICS}).
 */
@ApplicationScoped
public class RunMetricRepository implements PanacheRepositoryBase<RunMetric, RunMetric.Key> {

    /** A run's metrics in template order. */
    public Uni<List<RunMetric>> ofRun(String runId) {
        return list("runId = ?1 order by position", runId);
    }
}
