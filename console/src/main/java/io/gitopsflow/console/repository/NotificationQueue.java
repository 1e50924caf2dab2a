package io.gitopsflow.console.repository;

import io.gitopsflow.messaging.work.DurableQueue;
import io.gitopsflow.messaging.work.WorkTable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code notification} table as the shared durable queue (reactive, off the projection's JDBC transactions): a
 * queued notification whose next try is due is claimed (status sending) under a lease; its try's outcome is stored only
 * while this instance still holds it. Each outcome also updates the receiver's state in {@code notification_receiver}
 * (failing since when, with which error), which the health details show.
 */
@ApplicationScoped
public class NotificationQueue {

    /** Queued notifications, oldest first, claimable once their next try is due. */
    public static final WorkTable QUEUE =
            WorkTable.of("notification", "queued", "sending").claimableWhen("w.next_attempt_at <= now()");

    /** A claimed notification, as a try needs it. */
    public record Claimed(
            String id, String rule, String receiver, String trigger, int attempts, String contentType, String body) {}

    /** A receiver whose last tries failed. */
    public record FailingReceiver(
            String receiver, Instant since, int failures, Integer lastStatusCode, String lastError) {}

    private static final String LOAD = "select id, rule, receiver, trigger, attempts, content_type, body"
            + " from notification where id = $1 and status = 'sending' and lease_owner = $2";
    private static final String OUTCOME = "update notification set status = $3, attempts = attempts + 1,"
            + " last_attempt_at = now(), last_status_code = $4, last_error = $5,"
            + " next_attempt_at = now() + make_interval(secs => $6),"
            + " sent_at = case when $3 = 'sent' then now() end, lease_owner = null, lease_until = null"
            + " where id = $1 and status = 'sending' and lease_owner = $2 returning receiver";
    private static final String RECEIVER_OK = "insert into notification_receiver (receiver, last_success_at)"
            + " values ($1, now()) on conflict (receiver) do update set failing_since = null,"
            + " consecutive_failures = 0, last_success_at = now()";
    private static final String RECEIVER_FAILED = "insert into notification_receiver (receiver, failing_since,"
            + " consecutive_failures, last_error, last_status_code, last_failure_at) values ($1, now(), 1, $2, $3,"
            + " now()) on conflict (receiver) do update set failing_since = coalesce("
            + "notification_receiver.failing_since, now()), consecutive_failures ="
            + " notification_receiver.consecutive_failures + 1, last_error = $2, last_status_code = $3,"
            + " last_failure_at = now()";
    private static final String FAILING = "select receiver, failing_since, consecutive_failures, last_status_code,"
            + " last_error from notification_receiver where failing_since is not null order by receiver";

    private final Pool pool;

    public NotificationQueue(Pool pool) {
        this.pool = pool;
    }

    @Produces
    @Singleton
    @NotificationWork
    DurableQueue queue() {
        return new DurableQueue(pool, QUEUE);
    }

    /** The notification {@code id}, if {@code owner} still holds it. */
    public Uni<Claimed> load(String id, String owner) {
        return pool.preparedQuery(LOAD).execute(Tuple.of(id, owner)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            Row row = rows.iterator().next();
            return new Claimed(
                    row.getString("id"),
                    row.getString("rule"),
                    row.getString("receiver"),
                    row.getString("trigger"),
                    row.getInteger("attempts"),
                    row.getString("content_type"),
                    row.getString("body"));
        });
    }

    /**
     * Stores a try's outcome while {@code owner} holds the notification: {@code status} sent, failed (given up) or
     * queued again for a try after {@code retryIn}; and the receiver's state.
     *
     * @return whether it was stored (false: another instance holds it now)
     */
    public Uni<Boolean> record(
            String id, String owner, String status, Integer statusCode, String error, Duration retryIn) {
        Tuple outcome = Tuple.tuple()
                .addString(id)
                .addString(owner)
                .addString(status)
                .addInteger(statusCode)
                .addString(error)
                .addDouble(retryIn.toMillis() / 1000.0);
        return pool.withTransaction(client -> client.preparedQuery(OUTCOME)
                .execute(outcome)
                .chain(rows -> rows.iterator().hasNext()
                        ? receiverState(client, rows.iterator().next().getString("receiver"), status, statusCode, error)
                                .replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    private static Uni<Void> receiverState(
            SqlClient client, String receiver, String status, Integer statusCode, String error) {
        Uni<?> update = "sent".equals(status)
                ? client.preparedQuery(RECEIVER_OK).execute(Tuple.of(receiver))
                : client.preparedQuery(RECEIVER_FAILED)
                        .execute(Tuple.tuple()
                                .addString(receiver)
                                .addString(error)
                                .addInteger(statusCode));
        return update.replaceWithVoid();
    }

    /** The receivers whose last try failed, with since when. */
    public Uni<List<FailingReceiver>> failing() {
        return pool.query(FAILING).execute().map(rows -> {
            List<FailingReceiver> failing = new ArrayList<>();
            rows.forEach(row -> failing.add(new FailingReceiver(
                    row.getString("receiver"),
                    row.getOffsetDateTime("failing_since").toInstant(),
                    row.getInteger("consecutive_failures"),
                    row.getInteger("last_status_code"),
                    row.getString("last_error"))));
            return failing;
        });
    }
}
