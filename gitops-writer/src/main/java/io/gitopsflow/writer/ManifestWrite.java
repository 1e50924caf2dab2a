package io.gitopsflow.writer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One promotion-requested and what became of it; read and written through {@code ManifestWriteRepository}. */
@Entity
@Table(name = "manifest_write")
public class ManifestWrite {

    public static final String QUEUED = "QUEUED";
    public static final String WRITING = "WRITING";
    public static final String COMMITTED = "COMMITTED";
    public static final String PR_OPENED = "PR_OPENED";
    public static final String NO_CHANGE = "NO_CHANGE";
    public static final String FAILED = "FAILED";

    @Id
    @Column(name = "request_id")
    public String requestId;

    /** Requests with the same key (repository, branch, write mode) are written together. */
    @Column(name = "target_key")
    public String targetKey;

    public String status;

    /** The promotion-requested data (JSON). */
    @JsonIgnore
    @Column(name = "request_json")
    public String requestJson;

    @JsonIgnore
    @Column(name = "correlation_id")
    public String correlationId;

    @JsonIgnore
    public String traceparent;

    @Column(name = "commit_sha")
    public String commit;

    @Column(name = "previous_value")
    public String previousValue;

    @Column(name = "new_value")
    public String newValue;

    @Column(name = "pull_request_url")
    public String pullRequestUrl;

    public String reason;

    /** How many requests the commit carries. */
    @Column(name = "batch_size")
    public int batchSize;

    /** How many pushes the write took (more than one: another writer pushed first). */
    public int attempts;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @JsonIgnore
    public boolean published;

    /** Whether the request has its answer. */
    public boolean finished() {
        return COMMITTED.equals(status)
                || PR_OPENED.equals(status)
                || NO_CHANGE.equals(status)
                || FAILED.equals(status);
    }
}
