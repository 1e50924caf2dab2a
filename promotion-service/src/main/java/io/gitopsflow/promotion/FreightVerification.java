package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A Freight verified in a stage: from then on (plus the soak time) it is available downstream. */
@Entity
@Table(name = "freight_verification")
public class FreightVerification extends PanacheEntityBase {

    /** {@code <freight>/<pipeline>/<stage>}. */
    @Id
    public String id;

    @Column(name = "freight_id")
    public String freightId;

    public String pipeline;
    public String stage;

    @Column(name = "promotion_id")
    public String promotionId;

    @Column(name = "verified_at")
    public OffsetDateTime verifiedAt;
}
