package io.gitopsflow.messaging.work;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Work stored in a service's own table, claimed with {@code FOR UPDATE SKIP LOCKED} and a lease: instances sharing
 * the database never claim the same row, and a row whose owner stopped renewing its lease is taken over by the next
 * claim, so no work is lost with an instance and none runs twice at once. In group mode one instance at a time holds
 * a group (e.g. the writes to one Git branch): rows queued while it works wait for its next batch, not for another
 * instance.
 */
public final class DurableQueue {

    /** A claimed row, and who held it before when it was taken over from an instance whose lease ran out. */
    public record Claim(String id, String previousOwner) {}

    private final Pool pool;
    private final WorkTable table;
    private final String claim;
    private final String lockGroup;
    private final String claimGroup;
    private final String renew;
    private final String release;
    private final String releaseIds;
    private final String queuedGroups;

    public DurableQueue(Pool pool, WorkTable table) {
        this.pool = pool;
        this.table = table;
        String t = table.table();
        String id = table.idColumn();
        String status = table.statusColumn();
        String owner = table.leaseOwnerColumn();
        String until = table.leaseUntilColumn();
        String claimable = "(w." + status + " = $1 or (w." + status + " = $2 and (w." + until + " is null or w." + until
                + " < now()))) and (" + table.claimableWhen() + ")";
        String claimedAt = table.claimedAtColumn() == null ? "" : ", " + table.claimedAtColumn() + " = now()";
        String update = " update " + t + " set " + status + " = $2, " + owner + " = $3, " + until
                + " = now() + make_interval(secs => $4)" + claimedAt + " from picked where " + t + "." + id
                + " = picked.id returning " + t + "." + id + " as id, picked.previous_owner";
        String picked = "with picked as (select w." + id + " as id, case when w." + status + " = $2 then w." + owner
                + " end as previous_owner from " + t + " w where " + claimable;
        this.claim = picked + " order by w." + table.orderColumn() + " limit $5 for update of w skip locked)" + update;
        String group = table.groupColumn();
        // a group is held while any of its rows is claimed under a lease that has not run out
        String held = group == null
                ? null
                : "exists (select 1 from " + t + " h where h." + group + " = w." + group + " and h." + status
                        + " = $2 and h." + until + " >= now())";
        this.lockGroup = "select 1 as locked from pg_advisory_xact_lock(hashtext($1), hashtext($2))";
        this.claimGroup = group == null
                ? null
                : picked + " and w." + group + " = $5 and not " + held + " order by w." + table.orderColumn()
                        + " for update of w skip locked)" + update;
        this.queuedGroups = group == null
                ? null
                : "select distinct w." + group + " as work_group from " + t + " w where " + claimable + " and not "
                        + held + " limit $3";
        this.renew = "with renewed as (update " + t + " set " + until + " = now() + make_interval(secs => $1) where "
                + status + " = $2 and " + owner + " = $3 and " + id + " = any($4) returning " + id
                + ") select array(select "
                + id + " from renewed) as kept";
        String clearedAt = table.claimedAtColumn() == null ? "" : ", " + table.claimedAtColumn() + " = null";
        String releaseHeld = "update " + t + " set " + status + " = $1, " + owner + " = null, " + until + " = null"
                + clearedAt + " where " + status + " = $2 and " + owner + " = $3";
        this.release = releaseHeld + " returning " + id;
        this.releaseIds = releaseHeld + " and " + id + " = any($4) returning " + id;
    }

    public WorkTable table() {
        return table;
    }

    /** Claims up to {@code limit} rows, oldest first: queued ones, and claimed ones whose lease ran out. */
    public Uni<List<Claim>> claim(String owner, Duration lease, int limit) {
        return pool.preparedQuery(claim)
                .execute(Tuple.of(table.queuedStatus(), table.claimedStatus(), owner, seconds(lease), limit))
                .map(DurableQueue::claims);
    }

    /**
     * Claims every claimable row of {@code group} (a batch), unless an instance (this one included) holds a live lease
     * on a row of it: then nothing, and the rows wait for that batch to end or its lease to run out (they are then
     * taken over with it). The claim takes the group's advisory lock in its own transaction first, so two instances
     * claiming one group at once take turns, and the second one's claim, a statement that starts after the first one
     * committed, sees the rows the first one holds.
     */
    public Uni<List<Claim>> claimGroup(String group, String owner, Duration lease) {
        if (claimGroup == null) {
            throw new IllegalStateException(table.table() + " has no group column");
        }
        return pool.withTransaction(connection -> connection
                        .preparedQuery(lockGroup)
                        .execute(Tuple.of(table.table(), group))
                        .chain(() -> connection
                                .preparedQuery(claimGroup)
                                .execute(Tuple.of(
                                        table.queuedStatus(), table.claimedStatus(), owner, seconds(lease), group))))
                .map(DurableQueue::claims);
    }

    /** The groups that have claimable rows and that no instance holds, at most {@code limit}. */
    public Uni<List<String>> queuedGroups(int limit) {
        if (queuedGroups == null) {
            throw new IllegalStateException(table.table() + " has no group column");
        }
        return pool.preparedQuery(queuedGroups)
                .execute(Tuple.of(table.queuedStatus(), table.claimedStatus(), limit))
                .map(rows -> strings(rows, "work_group"));
    }

    /** Extends the leases {@code owner} holds on {@code ids}; returns the ids it no longer holds. */
    public Uni<List<String>> renew(String owner, Collection<String> ids, Duration lease) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] asked = ids.toArray(String[]::new);
        return pool.preparedQuery(renew)
                .execute(Tuple.of(seconds(lease), table.claimedStatus(), owner, asked))
                .map(rows -> {
                    List<String> kept = List.of(rows.iterator().next().getArrayOfStrings("kept"));
                    List<String> lost = new ArrayList<>();
                    for (String id : asked) {
                        if (!kept.contains(id)) {
                            lost.add(id);
                        }
                    }
                    return lost;
                });
    }

    /** Puts back every row {@code owner} holds, for another instance (or the next start) to claim. */
    public Uni<List<String>> release(String owner) {
        return pool.preparedQuery(release)
                .execute(Tuple.of(table.queuedStatus(), table.claimedStatus(), owner))
                .map(rows -> strings(rows, table.idColumn()));
    }

    /** Puts back those of {@code ids} that {@code owner} still holds; returns the ids put back. */
    public Uni<List<String>> release(String owner, Collection<String> ids) {
        return pool.preparedQuery(releaseIds)
                .execute(Tuple.of(table.queuedStatus(), table.claimedStatus(), owner, ids.toArray(String[]::new)))
                .map(rows -> strings(rows, table.idColumn()));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static List<Claim> claims(RowSet<Row> rows) {
        List<Claim> claims = new ArrayList<>();
        rows.forEach(row -> claims.add(new Claim(row.getString("id"), row.getString("previous_owner"))));
        return claims;
    }

    static List<String> strings(RowSet<Row> rows, String column) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.getString(column)));
        return values;
    }
}
