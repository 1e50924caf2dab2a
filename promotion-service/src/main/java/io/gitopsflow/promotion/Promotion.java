package io.gitopsflow.promotion;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One promotion of a Freight into a stage, and where its lifecycle stands. Its stage-promoted is an outbox the shared
 * relay publishes and marks with SQL of its own: updates name only the columns they change, so neither side writes
 * back a stale value of the other's.
 */
@Entity
@DynamicUpdate
@Table(name = "promotion")
public class Promotion extends PanacheEntityBase {

    @Id
    public String id;

    public String pipeline;
    public String stage;

    @Column(name = "freight_id")
    public String freightId;

    @Enumerated(EnumType.STRING)
    public PromotionPhase status;

    @Column(name = "requested_by")
    public String requestedBy;

    /** Started by auto-promotion rather than by a user. */
    public boolean automatic;

    /** Why it ended as it did, or the requester's reason while it runs. */
    public String reason;

    /** Started while a promotion window blocked it, by someone allowed to override. */
    @Column(name = "window_override")
    public boolean windowOverride;

    /** An older Freight than the newest available: auto-promotion of the stage is held. */
    public boolean rollback;

    /** The promotion whose failed verification started this one, an automatic rollback; null otherwise. */
    @Column(name = "rollback_of")
    public String rollbackOf;

    /** The GitOps commits holding the change, comma separated. */
    @Column(name = "written_commits")
    public String writtenCommits;

    @JsonIgnore
    @Column(name = "health_deadline")
    public OffsetDateTime healthDeadline;

    @JsonIgnore
    @Column(name = "stage_promoted_published")
    public boolean stagePromotedPublished;

    /** Until when one instance holds the publishing of the stage-promoted (others leave it to that one). */
    @JsonIgnore
    @Column(name = "stage_promoted_claimed_until")
    public OffsetDateTime stagePromotedClaimedUntil;

    /** The id of the stage-promoted owed now: a new one each time one is owed (written and healthy, reverify). */
    @JsonIgnore
    @Column(name = "stage_promoted_id")
    public String stagePromotedId;

    /** The stage-promoted owed now, as published (JSON data of the event). */
    @JsonIgnore
    @Column(name = "stage_promoted_json")
    public String stagePromotedJson;

    @JsonIgnore
    @Column(name = "correlation_id")
    public String correlationId;

    /** The W3C trace context its events continue: of what it was decided in last (a record, a request), or null. */
    @Column(name = "traceparent")
    public String traceparent;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @JsonIgnore
    @Version
    public long version;

    /** The phase before the moves not yet told as an update (promotion-updated), or null when none moved it. */
    @JsonIgnore
    @Transient
    private PromotionPhase movedFrom;

    public boolean active() {
        return status.active();
    }

    /** Started by a stage's {@code onVerificationFailure: rollback}, not by a person or auto-promotion. */
    public boolean automaticRollback() {
        return rollbackOf != null;
    }

    /** Moves the lifecycle on; only along {@link PromotionPhase#next()}. */
    public void moveTo(PromotionPhase target) {
        PromotionPhase from = status;
        status = status.moveTo(target);
        if (movedFrom == null) {
            movedFrom = from;
        }
    }

    /** The phase before the moves since the last call, or null when the phase did not move; forgets it. */
    public PromotionPhase takeMovedFrom() {
        PromotionPhase from = movedFrom;
        movedFrom = null;
        return from;
    }
}
