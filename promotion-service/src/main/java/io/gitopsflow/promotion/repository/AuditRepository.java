package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.AuditEntry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The audit trail, queried by any of pipeline, stage, Freight and promotion. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    public Uni<List<AuditEntry>> query(String pipeline, String stage, String freightId, String promotionId) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        add(conditions, parameters, "pipeline", pipeline);
        add(conditions, parameters, "stage", stage);
        add(conditions, parameters, "freightId", freightId);
        add(conditions, parameters, "promotionId", promotionId);
        String where = conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
        return find(where + " order by id", parameters).list();
    }

    /** How many entries of {@code action} the promotion has whose reason starts with {@code reasonStart}. */
    public Uni<Long> countOf(String promotionId, String action, String reasonStart) {
        return count("promotionId = ?1 and action = ?2 and reason like ?3", promotionId, action, reasonStart + "%");
    }

    private static void add(List<String> conditions, Map<String, Object> parameters, String field, String value) {
        if (value != null) {
            conditions.add(field + " = :" + field);
            parameters.put(field, value);
        }
    }
}
