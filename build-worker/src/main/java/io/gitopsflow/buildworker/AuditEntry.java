package io.gitopsflow.buildworker;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One operator action (a retry): who did it, to what, and when; written in the action's own transaction. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The principal name of the caller's token. */
    public String actor;

    public String action;

    /** What the action was done to, e.g. the build id. */
    public String target;

    public String detail;

    public OffsetDateTime at;
}
