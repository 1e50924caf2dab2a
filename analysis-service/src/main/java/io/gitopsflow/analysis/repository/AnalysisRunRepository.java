package io.gitopsflow.analysis.repository;

import io.gitopsflow.analysis.AnalysisRun;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Analysis runs: one per promotion, read for the API, locked while a measurement or a terminate changes one. */
@ApplicationScoped
public class AnalysisRunRepository implements PanacheRepositoryBase<AnalysisRun, String> {

    /** Runs the API lists at most at once. */
    public static final int PAGE = 200;

    private static final String UNPUBLISHED = "select id from analysis_run where published = false and completed_at"
            + " < now() - make_interval(secs => $1) order by completed_at limit $2";
    private static final String PUBLISHED = "update analysis_run set published = true where id = $1";

    private final Pool pool;

    public AnalysisRunRepository(Pool pool) {
        this.pool = pool;
    }

    /** The run of a promotion, or null. */
    public Uni<AnalysisRun> findByPromotion(String promotionId) {
        return find("promotionId", promotionId).firstResult();
    }

    /** The run, its row locked until the transaction ends (so metrics finishing together never race); or null. */
    public Uni<AnalysisRun> findForUpdate(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Runs newest first, of the filters that are not null. */
    public Uni<List<AnalysisRun>> search(String project, String stage, String promotionId, String phase) {
        List<String> where = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        add(where, parameters, "project", project);
        add(where, parameters, "stage", stage);
        add(where, parameters, "promotionId", promotionId);
        add(where, parameters, "phase", phase);
        String query = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by createdAt desc";
        return find(query, parameters).page(0, PAGE).list();
    }

    /** Completed runs whose verdict is not on Kafka, completed longer than {@code settled} ago, oldest first. */
    public Uni<List<String>> unpublished(Duration settled, int limit) {
        return pool.preparedQuery(UNPUBLISHED)
                .execute(Tuple.of((double) settled.toSeconds(), limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("id")));
                    return ids;
                });
    }

    /** Remembers that Kafka acknowledged the run's verdict. */
    public Uni<Void> markPublished(String id) {
        return pool.preparedQuery(PUBLISHED).execute(Tuple.of(id)).replaceWithVoid();
    }

    private static void add(List<String> where, Map<String, Object> parameters, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            parameters.put(field, value);
        }
    }
}
