package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One event of what promotion-service decided (a Freight created, a promotion updated), stored with the decision and
 * published from this outbox row: its id is the CloudEvent id and its time the CloudEvent time, so every publishing
 * of the row is the same event.
 */
@Entity
@Table(name = "decision_event")
public class DecisionEvent extends PanacheEntityBase {

    @Id
    public String id;

    /** The order of storing, given by the database: the relay publishes oldest first. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    /** The topic, which names the contract's event type. */
    public String topic;

    /** The event's data as published (JSON). */
    @Column(name = "data_json")
    public String dataJson;

    @Column(name = "correlation_id")
    public String correlationId;

    /** The W3C trace context of what it was decided in (a consumed record, a request), or null. */
    @Column(name = "traceparent")
    public String traceparent;

    @Column(name = "occurred_at")
    public OffsetDateTime occurredAt;

    public boolean published;

    @Column(name = "publish_claimed_until")
    public OffsetDateTime publishClaimedUntil;
}
