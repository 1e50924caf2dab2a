package io.gitopsflow.buildworker.repository;

import io.gitopsflow.buildworker.BuildStart;
import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxTable;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/**
 * The starts of builds (table build_start) and their outbox: a start is stored in the transaction that checks the
 * claim, and published as build-started until Kafka acknowledged it, oldest first.
 */
@ApplicationScoped
public class BuildStartRepository implements PanacheRepositoryBase<BuildStart, String> {

    /** The starts Kafka has not acknowledged yet, oldest first. */
    static final OutboxTable STARTS = new OutboxTable("build_start", "id", "published", "true", "started_at", null);

    private final Outbox outbox;

    public BuildStartRepository(Pool pool) {
        this.outbox = new Outbox(pool, STARTS);
    }

    /** The outbox of build-started, for the relay. */
    public Outbox outbox() {
        return outbox;
    }

    /** The start stored for the claim that started the build at {@code startedAt}, or null. */
    public Uni<BuildStart> ofClaim(String buildId, OffsetDateTime startedAt) {
        return find("buildId = ?1 and startedAt = ?2", buildId, startedAt).firstResult();
    }

    /** How many starts the build had so far. */
    public Uni<Long> countOf(String buildId) {
        return count("buildId", buildId);
    }

    /** The starts of {@code ids}, oldest first. */
    public Uni<List<BuildStart>> byIds(Collection<String> ids) {
        return list("id in ?1 order by startedAt", List.copyOf(ids));
    }

    /** The starts of {@code buildIds} Kafka has not acknowledged yet, oldest first. */
    public Uni<List<BuildStart>> unpublishedOf(Collection<String> buildIds) {
        return list("buildId in ?1 and published = false order by startedAt", List.copyOf(buildIds));
    }
}
