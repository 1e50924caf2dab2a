package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One state change: what happened, to which pipeline, stage, Freight and promotion, by whom and why. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String pipeline;
    public String stage;

    @Column(name = "freight_id")
    public String freightId;

    @Column(name = "promotion_id")
    public String promotionId;

    public String action;
    public String actor;
    public String reason;
    public OffsetDateTime at;
}
