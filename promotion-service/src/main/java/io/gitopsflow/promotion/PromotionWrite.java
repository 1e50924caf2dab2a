package io.gitopsflow.promotion;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** One promotion-requested of a promotion (one per GitOps target) and gitops-writer's answer. */
@Entity
@Table(name = "promotion_write")
public class PromotionWrite extends PanacheEntityBase {

    public static final String REQUESTED = "REQUESTED";
    public static final String PR_OPENED = "PR_OPENED";
    public static final String WRITTEN = "WRITTEN";
    public static final String FAILED = "FAILED";

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

    public String status;

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
