package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** What a stage runs now and whether its auto-promotion is held. */
@Entity
@Table(name = "stage_state")
public class StageState extends PanacheEntityBase {

    /** {@code <pipeline>/<stage>}. */
    @Id
    public String id;

    public String pipeline;
    public String stage;

    @Column(name = "freight_id")
    public String freightId;

    @Column(name = "promotion_id")
    public String promotionId;

    public boolean hold;

    @Column(name = "hold_reason")
    public String holdReason;

    /** The rollback whose start set the hold, or null. */
    @Column(name = "hold_promotion_id")
    public String holdPromotionId;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Version
    public long version;

    public static String key(String pipeline, String stage) {
        return pipeline + "/" + stage;
    }
}
