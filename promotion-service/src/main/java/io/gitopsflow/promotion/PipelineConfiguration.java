package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * The definition of one pipeline last published as pipeline-configured: what every instance compares the pipelines in
 * force with, so a definition is published once, whichever instance sees it first and however often they restart.
 */
@Entity
@Table(name = "pipeline_configuration")
public class PipelineConfiguration extends PanacheEntityBase {

    @Id
    public String project;

    /** The pipeline file it was declared in (for a removed pipeline: the last one). */
    public String file;

    /** The SHA-256 of the published definition. */
    public String fingerprint;

    /** Whether the last published definition is the pipeline's removal. */
    public boolean removed;

    /** How many definitions of the project were published: part of the event id, so a definition coming back is new. */
    public int generation;

    /** The CloudEvent id of the last published definition. */
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "configured_at")
    public OffsetDateTime configuredAt;
}
