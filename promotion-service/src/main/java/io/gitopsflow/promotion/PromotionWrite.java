package io.gitopsflow.promotion;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One promotion-requested of a promotion (one per GitOps target) and gitops-writer's answer. The request is an outbox
 * the shared relay publishes and marks with SQL of its own: updates name only the columns they change.
 */
@Entity
@DynamicUpdate
@Table(name = "promotion_write")
public class PromotionWrite extends PanacheEntityBase {

    /** Where one write stands (stored by name). */
    public enum Status {
        /** Published to gitops-writer, no answer yet. */
        REQUESTED,
        /** A pull request is open: written once its merge commit reaches the branch. */
        PR_OPENED,
        WRITTEN,
        FAILED
    }

    @Id
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "promotion_id")
    public String promotionId;

    @Column(name = "target_index")
    public int targetIndex;

    /** The promotion-requested data (JSON), published again until Kafka took it. */
    @JsonIgnore
    @Column(name = "request_json")
    public String requestJson;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** The written commit; in pull-request mode first the pull request's head, then the merge commit. */
    @Column(name = "commit_sha")
    public String commit;

    public String reason;

    @JsonIgnore
    public boolean published;

    /** Until when one instance holds the publishing of the request (others leave it to that one). */
    @JsonIgnore
    @Column(name = "publish_claimed_until")
    public OffsetDateTime publishClaimedUntil;

    @JsonIgnore
    @Version
    public long version;
}
