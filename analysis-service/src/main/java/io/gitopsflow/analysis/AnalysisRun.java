package io.gitopsflow.analysis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One analysis of one promoted stage: the templates it runs, its phase, and whether its verdict is on Kafka. */
@Entity
@Table(name = "analysis_run")
public class AnalysisRun extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "promotion_id")
    public String promotionId;

    public String project;

    public String stage;

    @Column(name = "freight_id")
    public String freightId;

    /** Argo's spelling: Pending, Running, Successful, Failed, Error, Inconclusive. */
    public String phase;

    public String message;

    /** Set by a terminate request: no further measurements. */
    public boolean terminate;

    /** The resolved metrics (JSON list of MetricSpec). */
    @JsonIgnore
    @Column(name = "metrics_json")
    public String metricsJson;

    /** The templates, comma-separated as {@code Kind/name}. */
    public String templates;

    @JsonIgnore
    @Column(name = "correlation_id")
    public String correlationId;

    @JsonIgnore
    public String traceparent;

    @JsonIgnore
    @Column(name = "cause_event_id")
    public String causeEventId;

    /** Whether analysis-completed is on Kafka; a completed run not yet published is published again. */
    public boolean published;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    /** True once the run has its verdict. */
    public boolean completed() {
        return completedAt != null;
    }
}
