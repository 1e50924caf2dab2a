package io.gitopsflow.buildworker.rest;

import io.gitopsflow.buildworker.AuditEntry;
import java.time.OffsetDateTime;

/** One operator action as the API shows it: who, what, on what, when. */
public record AuditView(long id, String actor, String action, String target, String detail, OffsetDateTime at) {

    static AuditView of(AuditEntry entry) {
        return new AuditView(entry.id, entry.actor, entry.action, entry.target, entry.detail, entry.at);
    }
}
