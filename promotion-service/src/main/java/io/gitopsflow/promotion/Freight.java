package io.gitopsflow.promotion;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An immutable set of artifacts (images, charts, commits) a Warehouse produced; its id is the hash of its content. */
@Entity
@Table(name = "freight")
public class Freight extends PanacheEntityBase {

    @Id
    public String id;

    public String pipeline;
    public String warehouse;
    public String alias;

    /** The artifacts (JSON list of {@link io.gitopsflow.promotion.warehouse.Artifact}). */
    @JsonIgnore
    @Column(name = "artifacts_json")
    public String artifactsJson;

    /** The Helm charts (JSON list of {@link io.gitopsflow.events.ChartRef}), or null for none. */
    @JsonIgnore
    @Column(name = "charts_json")
    public String chartsJson;

    /** The Git commits (JSON list of {@link io.gitopsflow.events.GitCommitRef}), or null for none. */
    @JsonIgnore
    @Column(name = "commits_json")
    public String commitsJson;

    /** The application commit it was built from (the API and the events call it sourceCommit). */
    @Column(name = "source_commit")
    public String commit;

    @JsonIgnore
    @Column(name = "correlation_id")
    public String correlationId;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    /** When its artifacts last changed after its creation (a build number added); null if they never did. */
    @JsonIgnore
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
