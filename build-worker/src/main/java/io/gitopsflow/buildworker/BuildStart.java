package io.gitopsflow.buildworker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One start of a build, stored when an instance took it from the queue and published as {@code build-started} from
 * this outbox row: its id is the CloudEvent id, so publishing the row again is the same event.
 */
@Entity
@Table(name = "build_start")
public class BuildStart extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "build_id")
    public String buildId;

    /** 1 for the build's first start; one more for each start after it (a takeover, a retry). */
    public int attempt;

    /** When the build was queued, or became due again after a transient failure. */
    @Column(name = "queued_at")
    public OffsetDateTime queuedAt;

    /** When the claim took it from the queue (the build's started_at of this claim). */
    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    /** Whether Kafka acknowledged its build-started. */
    public boolean published;

    /** The CloudEvent id of the {@code attempt}th start of {@code buildId}. */
    public static String idOf(String buildId, int attempt) {
        return buildId + "/started/" + attempt;
    }
}
