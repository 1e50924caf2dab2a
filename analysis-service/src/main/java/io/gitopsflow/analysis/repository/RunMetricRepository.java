package io.gitopsflow.analysis.repository;

import io.gitopsflow.analysis.RunMetric;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of runs: their phases and counters, in the order the templates list them, and the scheduler's queue
 * (a metric is due once {@code next_at} has passed; {@code claimed_until} is the lease of the instance measuring it).
 */
@ApplicationScoped
public class RunMetricRepository implements PanacheRepositoryBase<RunMetric, RunMetric.Key> {

    private static final String CLAIM = "update run_metric set claimed_until = now() + make_interval(secs => $1)"
            + " where (run_id, name) in (select m.run_id, m.name from run_metric m join analysis_run r on r.id ="
            + " m.run_id where r.completed_at is null and m.next_at <= now() and (m.claimed_until is null or"
            + " m.claimed_until < now()) order by m.next_at limit $2 for update of m skip locked)"
            + " returning run_id, name";
    private static final String RELEASE = "update run_metric set claimed_until = null where run_id = $1 and name = $2";

    /** A metric due for a measurement. */
    public record Due(String runId, String name) {}

    private final Pool pool;

    public RunMetricRepository(Pool pool) {
        this.pool = pool;
    }

    /** A run's metrics in template order. */
    public Uni<List<RunMetric>> ofRun(String runId) {
        return list("runId = ?1 order by position", runId);
    }

    /**
     * Claims up to {@code limit} due metrics for {@code lease} ({@code FOR UPDATE SKIP LOCKED}: instances share the
     * work); a metric whose lease ran out (its instance died) is due again.
     */
    public Uni<List<Due>> claimDue(Duration lease, int limit) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of((double) lease.toSeconds(), limit))
                .map(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row row : rows) {
                        due.add(new Due(row.getString("run_id"), row.getString("name")));
                    }
                    return due;
                });
    }

    /** Gives a claim back, for another instance (or the next start) to take at once. */
    public Uni<Void> release(String runId, String name) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(runId, name)).replaceWithVoid();
    }
}
