package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AnalysisRun;
import io.gitopsflow.analysis.Measurement;
import io.gitopsflow.analysis.RunMetric;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the REST API reads, and its one write (terminate), behind the resources. */
@ApplicationScoped
public class RunQueries {

    private final AnalysisRuns runs;

    public RunQueries(AnalysisRuns runs) {
        this.runs = runs;
    }

    /** A run and its metrics. */
    public record Found(AnalysisRun run, List<RunMetric> metrics) {}

    public Uni<List<AnalysisRun>> runs(String project, String stage, String promotionId, String phase) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        add(where, params, "project", project);
        add(where, params, "stage", stage);
        add(where, params, "promotionId", promotionId);
        add(where, params, "phase", phase);
        String query = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by createdAt desc";
        return Panache.withSession(
                () -> AnalysisRun.<AnalysisRun>find(query, params).page(0, 200).list());
    }

    public Uni<Found> run(String id) {
        return Panache.withSession(() -> AnalysisRun.<AnalysisRun>findById(id).chain(run -> {
            if (run == null) {
                throw new NotFoundException("no analysis run " + id);
            }
            return RunMetric.<RunMetric>list("runId = ?1 order by position", id)
                    .map(metrics -> new Found(run, metrics));
        }));
    }

    public Uni<List<Measurement>> measurements(String runId, String metric) {
        return Panache.withSession(() -> metric == null
                ? Measurement.<Measurement>list("runId = ?1 order by id", runId)
                : Measurement.<Measurement>list("runId = ?1 and metricName = ?2 order by id", runId, metric));
    }

    /** Terminates a run for {@code actor}; null when there is no such run. */
    public Uni<AnalysisRun> terminate(String id, String actor, String reason) {
        return runs.terminate(id, actor, reason);
    }

    private static void add(List<String> where, Map<String, Object> params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            params.put(field, value);
        }
    }
}
