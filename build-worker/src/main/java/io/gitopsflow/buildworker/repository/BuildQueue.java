package io.gitopsflow.buildworker.repository;

import io.gitopsflow.messaging.work.DurableQueue;
import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxTable;
import io.gitopsflow.messaging.work.WorkTable;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The build table as the shared durable queue and outbox. A QUEUED build is claimed (RUNNING, started now) under a
 * lease its instance renews; one whose lease ran out is taken over. It is claimable once its retry time passed (after
 * a transient failure) and while no other row of its commit runs or waits before it, so the second ref of a commit
 * finds the first one's image and only tags it. A finished build (SUCCEEDED or FAILED) is an answer to publish.
 */
@ApplicationScoped
public class BuildQueue {

    /** Besides queued (or claimed with its lease run out): due, and the first of its commit to run. */
    static final String CLAIMABLE = "(w.retry_at is null or w.retry_at <= now())"
            + " and not exists (select 1 from build r where r.repository = w.repository"
            + " and r.commit_sha = w.commit_sha and r.id <> w.id and (r.status = 'RUNNING'"
            + " or (w.status = 'QUEUED' and r.status = 'QUEUED' and (r.created_at, r.id) < (w.created_at, w.id))))";

    /** The queue: build rows, oldest first, RUNNING while claimed, started_at set by the claim. */
    public static final WorkTable QUEUE = WorkTable.of("build", "QUEUED", "RUNNING")
            .withClaimedAtColumn("started_at")
            .claimableWhen(CLAIMABLE);

    /** The answers: finished builds whose result Kafka has not acknowledged yet, oldest first. */
    public static final OutboxTable RESULTS =
            new OutboxTable("build", "id", "published", "status in ('SUCCEEDED', 'FAILED')", "finished_at", null);

    @Produces
    @Singleton
    DurableQueue queue(Pool pool) {
        return new DurableQueue(pool, QUEUE);
    }

    @Produces
    @Singleton
    Outbox results(Pool pool) {
        return new Outbox(pool, RESULTS);
    }
}
