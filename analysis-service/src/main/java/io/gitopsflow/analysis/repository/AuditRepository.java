package io.gitopsflow.analysis.repository;

import io.gitopsflow.analysis.AuditEntry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The audit log, newest first, optionally of one target (a run) or one actor. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    public Uni<List<AuditEntry>> query(String target, String actor, int limit) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (target != null) {
            conditions.add("target = :target");
            parameters.put("target", target);
        }
        if (actor != null) {
            conditions.add("actor = :actor");
            parameters.put("actor", actor);
        }
        String where = conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
        return find(where + " order by id desc", parameters).page(0, limit).list();
    }
}
