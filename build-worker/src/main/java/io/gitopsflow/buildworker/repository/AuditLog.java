package io.gitopsflow.buildworker.repository;

import io.gitopsflow.buildworker.AuditEntry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The audit log's table: an entry is added in the caller's transaction, read newest first. */
@ApplicationScoped
public class AuditLog implements PanacheRepositoryBase<AuditEntry, Long> {

    /** Adds an entry in the current transaction, so it stands or falls with the action. */
    public Uni<AuditEntry> record(String actor, String action, String target, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.actor = actor;
        entry.action = action;
        entry.target = target;
        entry.detail = detail;
        entry.at = OffsetDateTime.now(ZoneOffset.UTC);
        return persist(entry);
    }

    /** The newest entries, at most {@code limit}, of one target when {@code target} is given. */
    public Uni<List<AuditEntry>> newest(String target, int limit) {
        Sort newestFirst = Sort.descending("at", "id");
        return (target == null ? findAll(newestFirst) : find("target", newestFirst, target))
                .page(0, limit)
                .list();
    }
}
