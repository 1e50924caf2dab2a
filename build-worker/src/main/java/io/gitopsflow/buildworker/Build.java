package io.gitopsflow.buildworker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** One build of one commit, with its steps' timings and its result. */
@Entity
@Table(name = "build")
public class Build extends PanacheEntityBase {

    @Id
    public String id;

    public String repository;

    @Column(name = "clone_url")
    public String cloneUrl;

    @Column(name = "commit_sha")
    public String commit;

    public String ref;

    /** The branch, or null for a tag push. */
    public String branch;

    /** n of {@code <branch>-<sha7>-<n>}: the how-manyth build of the branch. */
    @Column(name = "build_number")
    public long buildNumber;

    @Enumerated(EnumType.STRING)
    public BuildStatus status;

    @Column(name = "image_repository")
    public String imageRepository;

    /** Comma-separated. */
    public String tags;

    public String digest;

    /** The OCI repository of the Helm chart a release build pushed after the image; null when it pushed none. */
    @Column(name = "chart_repository")
    public String chartRepository;

    /** The chart's version (its {@code version} and {@code appVersion}), when it pushed one. */
    @Column(name = "chart_version")
    public String chartVersion;

    /** The chart manifest's digest, when it pushed one. */
    @Column(name = "chart_digest")
    public String chartDigest;

    @Column(name = "failed_step")
    public String failedStep;

    public String reason;

    @Column(name = "log_excerpt")
    public String logExcerpt;

    @Column(name = "checkout_millis")
    public long checkoutMillis;

    @Column(name = "build_millis")
    public long buildMillis;

    @Column(name = "push_millis")
    public long pushMillis;

    @Column(name = "total_millis")
    public long totalMillis;

    @Column(name = "correlation_id")
    public String correlationId;

    /** The id of the {@code commit-pushed} CloudEvent that asked for this build. */
    @Column(name = "cause_event_id")
    public String causeEventId;

    /** The W3C trace context of the push, carried on to the result. */
    public String traceparent;

    /** The {@code commit-pushed} data (JSON) the build runs from. */
    @Column(name = "request_json")
    public String requestJson;

    /** The build that superseded this one (a newer commit of the branch), when {@link BuildStatus#SUPERSEDED}. */
    @Column(name = "superseded_by")
    public String supersededBy;

    /** The build whose image this row tagged for its ref instead of building the commit again; null when built. */
    @Column(name = "retag_of")
    public String retagOf;

    /** The provider's delivery id of the push that asked for this row; a redelivery carries the same one. */
    @Column(name = "delivery_id")
    public String deliveryId;

    /** The instance running the build, while {@link BuildStatus#RUNNING}. */
    @Column(name = "lease_owner")
    public String leaseOwner;

    /** Until when {@link #leaseOwner} holds the build; it renews the lease while it runs, after that anyone may. */
    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;

    /** Whether the result is on Kafka; a finished build not yet published is published again. */
    public boolean published;

    /** How many times the build was tried and failed for a transient reason (registry or Git host unreachable). */
    public int attempts;

    /** After a transient failure: when the build is tried again; null when it may run at once. */
    @Column(name = "retry_at")
    public OffsetDateTime retryAt;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    /** Whether the build has a result to publish. */
    public boolean finished() {
        return status != null && status.finished();
    }

    /** Queued again, as new: no result, no lease, no attempts, not superseded, nothing to publish until it ran. */
    public void requeue() {
        status = BuildStatus.QUEUED;
        supersededBy = null;
        retagOf = null;
        imageRepository = null;
        tags = null;
        digest = null;
        chartRepository = null;
        chartVersion = null;
        chartDigest = null;
        failedStep = null;
        reason = null;
        logExcerpt = null;
        startedAt = null;
        finishedAt = null;
        leaseOwner = null;
        leaseUntil = null;
        published = false;
        attempts = 0;
        retryAt = null;
        createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
