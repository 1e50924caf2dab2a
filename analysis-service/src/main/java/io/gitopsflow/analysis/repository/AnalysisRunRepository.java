package io.gitopsflow.analysis.repository;

import io.gitopsflow.analysis.AnalysisRun;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Analysis runs: one per stage-promoted (a promotion has more after a reverify), read for the API, locked while a measurement or a terminate changes one. Which
 * verdicts are still to publish is the shared outbox's ({@link AnalysisWorkTables#VERDICTS}).
 */
@ApplicationScoped
public class AnalysisRunRepository implements PanacheRepositoryBase<AnalysisRun, String> {

    /** Runs the API lists at most at once. */
    public static final int PAGE = 200;

    /** The run a stage-promoted (its CloudEvent id) started, or null. */
    public Uni<AnalysisRun> findByCauseEvent(String stagePromotedEventId) {
        return find("causeEventId", stagePromotedEventId).firstResult();
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

    private static void add(List<String> where, Map<String, Object> parameters, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            parameters.put(field, value);
        }
    }
}
