package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.AuditEntry;
import io.gitopsflow.analysis.repository.AuditRepository;
import io.gitopsflow.analysis.repository.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Records each operator action inside the transaction that makes it (the caller's), so an action is never without its
 * entry nor an entry without its action.
 */
@ApplicationScoped
public class AuditLog {

    /** One entry as the API shows it. */
    public record Entry(long id, String action, String target, String actor, String detail, OffsetDateTime at) {}

    private final Transactions transactions;
    private final AuditRepository entries;

    public AuditLog(Transactions transactions, AuditRepository entries) {
        this.transactions = transactions;
        this.entries = entries;
    }

    /** Adds an entry; must run inside the action's transaction. */
    public Uni<Void> record(String action, String target, String actor, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.action = action;
        entry.target = target;
        entry.actor = actor;
        entry.detail = detail;
        entry.at = OffsetDateTime.now(ZoneOffset.UTC);
        return entries.persist(entry).replaceWithVoid();
    }

    public Uni<List<Entry>> query(String target, String actor, int limit) {
        return transactions
                .read(() -> entries.query(target, actor, limit))
                .map(found -> found.stream()
                        .map(e -> new Entry(e.id, e.action, e.target, e.actor, e.detail, e.at))
                        .toList());
    }
}
