package io.gitopsflow.gateway;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A webhook delivery the gateway has seen: claimed while its event is being published, then published. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

    /** Status while the instance that claimed the delivery publishes its event. */
    public static final String CLAIMED = "CLAIMED";
    /** Status once Kafka acknowledged the event. */
    public static final String PUBLISHED = "PUBLISHED";

    /** {@code <source>:<delivery id>}, e.g. {@code github:72d3162e-cc78-11e3-81ab-4c9367dc0958}. */
    @Id
    @Column(name = "delivery_key")
    public String deliveryKey;

    public String source;

    public String subject;

    public String status;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "claimed_at")
    public OffsetDateTime claimedAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;
}
