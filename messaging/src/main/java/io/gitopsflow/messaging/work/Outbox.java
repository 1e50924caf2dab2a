package io.gitopsflow.messaging.work;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The answers a service stored with its state and has not yet seen the broker acknowledge. They are found here
 * (claimed for a while when the table says so, so two instances rarely publish the same answer at once) and marked once
 * published; an answer is never lost between the database and Kafka, and may at worst be published twice.
 */
public final class Outbox {

    private final Pool pool;
    private final OutboxTable table;
    private final String due;
    private final String mark;

    public Outbox(Pool pool, OutboxTable table) {
        this.pool = pool;
        this.table = table;
        String t = table.table();
        String id = table.idColumn();
        String waiting = table.publishedColumn() + " = false and (" + table.readyWhen() + ")";
        String claim = table.claimUntilColumn();
        if (claim == null) {
            this.due = "select " + id + " from " + t + " where " + waiting + " order by " + table.orderColumn()
                    + " limit $1";
            this.mark = "update " + t + " set " + table.publishedColumn() + " = true where " + id + " = any($1)";
        } else {
            this.due = "with picked as (select " + id + " as id from " + t + " where " + waiting + " and (" + claim
                    + " is null or " + claim + " < now()) order by " + table.orderColumn()
                    + " limit $1 for update skip locked) update " + t + " set " + claim
                    + " = now() + make_interval(secs => $2) from picked where " + t + "." + id
                    + " = picked.id returning " + t + "." + id;
            this.mark = "update " + t + " set " + table.publishedColumn() + " = true, " + claim + " = null where " + id
                    + " = any($1)";
        }
    }

    public OutboxTable table() {
        return table;
    }

    /** Up to {@code limit} answers not yet published, oldest first; claimed for {@code claim} if the table claims. */
    public Uni<List<String>> due(int limit, Duration claim) {
        Tuple arguments =
                table.claimUntilColumn() == null ? Tuple.of(limit) : Tuple.of(limit, claim.toMillis() / 1000.0);
        return pool.preparedQuery(due).execute(arguments).map(rows -> DurableQueue.strings(rows, table.idColumn()));
    }

    /** Marks the answers of {@code ids} as acknowledged by the broker. */
    public Uni<Void> markPublished(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(mark)
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .replaceWithVoid();
    }
}
