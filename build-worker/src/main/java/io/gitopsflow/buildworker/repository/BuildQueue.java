package io.gitopsflow.buildworker.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The build queue's statements: a build is claimed with a short lease ({@code FOR UPDATE SKIP LOCKED}, so instances
 * sharing the database never claim the same one) that its instance renews while it runs; a build whose lease ran out
 * (its instance died) is claimable again by any instance, as a queued one is. Two rows of one commit never run at
 * once, so the second one finds the first one's image and only tags it.
 */
@ApplicationScoped
public class BuildQueue {

    private static final String CLAIM = "with claimable as (select b.id, b.lease_owner as previous_owner from build b"
            + " where (b.status = 'QUEUED' or (b.status = 'RUNNING'"
            // a build claimed by an instance of a version without leases keeps an hour, as stale-after gave it
            + " and coalesce(b.lease_until, b.started_at + interval '1 hour') < now()))"
            + " and (b.retry_at is null or b.retry_at <= now())"
            + " and not exists (select 1 from build r where r.repository = b.repository"
            + " and r.commit_sha = b.commit_sha and r.status = 'RUNNING' and r.id <> b.id)"
            + " order by b.created_at limit 1 for update of b skip locked)"
            + " update build set status = 'RUNNING', started_at = now(), lease_owner = $1,"
            + " lease_until = now() + make_interval(secs => $2)"
            + " from claimable where build.id = claimable.id returning build.id, claimable.previous_owner";

    private final Pool pool;

    public BuildQueue(Pool pool) {
        this.pool = pool;
    }

    /** A build this instance claimed, and the instance whose lease it took over (null for a queued build). */
    public record Claim(String id, String previousOwner) {}

    /** Claims the oldest queued build, or one whose lease ran out, for {@code owner}; empty when there is none. */
    public Uni<Optional<Claim>> claim(String owner, Duration lease) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(owner, seconds(lease)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Claim(row.getString("id"), row.getString("previous_owner")));
                });
    }

    /**
     * Renews {@code owner}'s lease on those of {@code ids} it still runs; answers the ones another instance took over
     * (its lease had run out), whose result {@code owner} must not store.
     */
    public Uni<List<String>> renew(String owner, Collection<String> ids, Duration lease) {
        return pool.preparedQuery("with renewed as (update build set lease_until = now() + make_interval(secs => $1)"
                        + " where status = 'RUNNING' and lease_owner = $2 and id = any($3) returning id)"
                        + " select id from build where id = any($3) and status = 'RUNNING' and lease_owner <> $2")
                .execute(Tuple.of(seconds(lease), owner, ids.toArray(String[]::new)))
                .map(BuildQueue::ids);
    }

    /** The builds {@code owner} runs go back to the queue (it stops), for any instance to run at once. */
    public Uni<List<String>> release(String owner) {
        return pool.preparedQuery("update build set status = 'QUEUED', started_at = null, lease_owner = null,"
                        + " lease_until = null where status = 'RUNNING' and lease_owner = $1 returning id")
                .execute(Tuple.of(owner))
                .map(BuildQueue::ids);
    }

    /** Finished builds whose result Kafka has not acknowledged yet, oldest first. */
    public Uni<List<String>> unpublished(int limit) {
        return pool.preparedQuery("select id from build where published = false and status in ('SUCCEEDED', 'FAILED')"
                        + " order by finished_at limit $1")
                .execute(Tuple.of(limit))
                .map(BuildQueue::ids);
    }

    /** The result of {@code id} is on Kafka. */
    public Uni<Void> markPublished(String id) {
        return pool.preparedQuery("update build set published = true where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static List<String> ids(Iterable<Row> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getString("id")));
        return ids;
    }
}
