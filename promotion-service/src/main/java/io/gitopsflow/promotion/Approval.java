package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One approver's decision on a promotion. */
@Entity
@Table(name = "approval")
public class Approval extends PanacheEntityBase {

    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "promotion_id")
    public String promotionId;

    public String approver;
    public String decision;
    public String comment;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
}
