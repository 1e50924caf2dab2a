package io.gitopsflow.analysis.repository;

import io.gitopsflow.analysis.Measurement;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Every measurement taken, oldest first; trimmed to the newest where a template sets measurementRetention. */
@ApplicationScoped
public class MeasurementRepository implements PanacheRepositoryBase<Measurement, Long> {

    private static final String TRIM = "delete from measurement where run_id = $1 and metric_name = $2 and id not in"
            + " (select id from measurement where run_id = $1 and metric_name = $2 order by id desc limit $3)";

    private final Pool pool;

    public MeasurementRepository(Pool pool) {
        this.pool = pool;
    }

    /** A run's measurements, oldest first; of one metric unless {@code metric} is null. */
    public Uni<List<Measurement>> ofRun(String runId, String metric) {
        return metric == null
                ? list("runId = ?1 order by id", runId)
                : list("runId = ?1 and metricName = ?2 order by id", runId, metric);
    }

    /** Keeps only the newest {@code keep} measurements of a run's metric. */
    public Uni<Void> keepNewest(String runId, String metric, int keep) {
        return pool.preparedQuery(TRIM).execute(Tuple.of(runId, metric, keep)).replaceWithVoid();
    }
}
