package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * An eligible artifact a pipeline's Warehouse has seen for one subscription, kept so a Warehouse of several
 * subscriptions can make Freight once the last of them has an artifact.
 */
@Entity
@Table(name = "warehouse_artifact")
public class WarehouseArtifact extends PanacheEntityBase {

    /** The kinds of subscription. */
    public enum Kind {
        IMAGE,
        CHART,
        COMMIT
    }

    @Id
    public String id;

    public String pipeline;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    /** The image repository, the chart repository, or the Git repository's URL. */
    public String subscription;

    /** The artifact: an image {@code Artifact}, a {@code ChartRef} or a {@code GitCommitRef}, as JSON. */
    @Column(name = "artifact_json")
    public String artifactJson;

    @Column(name = "seen_at")
    public OffsetDateTime seenAt;
}
