package io.gitopsflow.writer.repository;

import io.gitopsflow.writer.ManifestWrite;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code manifest_write} table: requests queued in one statement per poll, claimed a target key at a time, their
 * answers stored in one statement per batch and marked published once Kafka took them.
 */
@ApplicationScoped
public class ManifestWriteRepository implements PanacheRepositoryBase<ManifestWrite, String> {

    /* One round trip for a whole poll: a burst of requests for one branch arrives on one partition, in one poll. */
    private static final String QUEUE = "insert into manifest_write"
            + " (request_id, target_key, status, request_json, correlation_id, traceparent, created_at)"
            + " select id, target_key, 'QUEUED', request_json, correlation_id, traceparent, created_at from unnest("
            + "$1::varchar[], $2::varchar[], $3::text[], $4::varchar[], $5::varchar[], $6::timestamptz[])"
            + " as queued (id, target_key, request_json, correlation_id, traceparent, created_at)"
            + " on conflict (request_id) do nothing returning request_id";

    private static final String CLAIM = "update manifest_write set status = 'WRITING', started_at = now()"
            + " where request_id in (select request_id from manifest_write where status = 'QUEUED' and target_key = $1"
            + " for update skip locked) returning request_id, request_json, correlation_id, traceparent, created_at";

    /** Every answer of a batch in one statement. */
    private static final String STORE = "update manifest_write m set status = a.status, commit_sha = a.commit_sha,"
            + " previous_value = a.previous_value, new_value = a.new_value, pull_request_url = a.pull_request_url,"
            + " reason = a.reason, batch_size = a.batch_size, attempts = a.attempts, updated_at = $10"
            + " from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],"
            + " $7::varchar[], $8::int[], $9::int[]) as a (request_id, status, commit_sha, previous_value, new_value,"
            + " pull_request_url, reason, batch_size, attempts) where m.request_id = a.request_id";

    private static final String UNPUBLISHED = "select request_id from manifest_write where published = false"
            + " and status in ('COMMITTED', 'PR_OPENED', 'NO_CHANGE', 'FAILED') order by updated_at limit $1";

    private static final String REQUEUE_STALE = "update manifest_write set status = 'QUEUED', started_at = null"
            + " where status = 'WRITING' and started_at < now() - make_interval(secs => $1)"
            + " and not (request_id = any($2)) returning request_id";

    private final Pool pool;

    public ManifestWriteRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Queues new requests in one statement; a request already known (a redelivery) is left as it is.
     *
     * @return the ids queued now
     */
    public Uni<Set<String>> queue(List<NewRequest> requests) {
        int size = requests.size();
        String[] ids = new String[size];
        String[] keys = new String[size];
        String[] json = new String[size];
        String[] correlations = new String[size];
        String[] traceparents = new String[size];
        OffsetDateTime[] created = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            NewRequest request = requests.get(i);
            ids[i] = request.requestId();
            keys[i] = request.targetKey();
            json[i] = request.requestJson();
            correlations[i] = request.correlationId();
            traceparents[i] = request.traceparent();
            created[i] = request.createdAt();
        }
        return pool.preparedQuery(QUEUE)
                .execute(Tuple.of(ids, keys, json, correlations, traceparents, created))
                .map(rows -> {
                    Set<String> queued = new HashSet<>();
                    rows.forEach(row -> queued.add(row.getString("request_id")));
                    return queued;
                });
    }

    /** The requests {@code ids}, in the order they were queued. */
    public Uni<List<ManifestWrite>> inQueueOrder(Collection<String> ids) {
        return Panache.withSession(() -> list("requestId in ?1 order by createdAt", ids));
    }

    /** The requests {@code ids}, in the order they were answered. */
    public Uni<List<ManifestWrite>> inAnswerOrder(Collection<String> ids) {
        return Panache.withSession(() -> list("requestId in ?1 order by updatedAt", ids));
    }

    /** The newest requests, at most {@code limit}, of one status when {@code status} is given. */
    public Uni<List<ManifestWrite>> newest(String status, int limit) {
        Sort newestFirst = Sort.descending("createdAt");
        return Panache.withSession(() -> (status == null ? findAll(newestFirst) : find("status", newestFirst, status))
                .page(0, limit)
                .list());
    }

    /** One request, or null. */
    public Uni<ManifestWrite> byRequestId(String requestId) {
        return Panache.withSession(() -> findById(requestId));
    }

    /** The target keys with queued requests. */
    public Uni<List<String>> queuedTargetKeys() {
        return pool.preparedQuery("select distinct target_key from manifest_write where status = 'QUEUED'")
                .execute()
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(row.getString("target_key")));
                    return keys;
                });
    }

    /**
     * Claims every queued request of {@code targetKey} ({@code FOR UPDATE SKIP LOCKED}: instances sharing the database
     * never claim the same request), with what writing and answering them needs.
     */
    public Uni<List<ManifestWrite>> claim(String targetKey) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(targetKey)).map(rows -> {
            List<ManifestWrite> claimed = new ArrayList<>();
            for (Row row : rows) {
                ManifestWrite write = new ManifestWrite();
                write.requestId = row.getString("request_id");
                write.targetKey = targetKey;
                write.status = ManifestWrite.WRITING;
                write.requestJson = row.getString("request_json");
                write.correlationId = row.getString("correlation_id");
                write.traceparent = row.getString("traceparent");
                write.createdAt = row.getOffsetDateTime("created_at");
                claimed.add(write);
            }
            return claimed;
        });
    }

    /** Stores the answers of a batch (status, commit, values, reason, sizes) in one statement. */
    public Uni<Void> storeAnswers(List<ManifestWrite> answered, OffsetDateTime now) {
        int size = answered.size();
        String[] ids = new String[size];
        String[] statuses = new String[size];
        String[] commits = new String[size];
        String[] previous = new String[size];
        String[] values = new String[size];
        String[] pullRequests = new String[size];
        String[] reasons = new String[size];
        Integer[] batchSizes = new Integer[size];
        Integer[] attempts = new Integer[size];
        for (int i = 0; i < size; i++) {
            ManifestWrite write = answered.get(i);
            ids[i] = write.requestId;
            statuses[i] = write.status;
            commits[i] = write.commit;
            previous[i] = write.previousValue;
            values[i] = write.newValue;
            pullRequests[i] = write.pullRequestUrl;
            reasons[i] = write.reason;
            batchSizes[i] = write.batchSize;
            attempts[i] = write.attempts;
        }
        return pool.preparedQuery(STORE)
                .execute(Tuple.from(new Object[] {
                    ids, statuses, commits, previous, values, pullRequests, reasons, batchSizes, attempts, now
                }))
                .replaceWithVoid();
    }

    /** Marks answers Kafka took as published. */
    public Uni<Void> markPublished(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("update manifest_write set published = true where request_id = any($1)")
                .execute(Tuple.of(requestIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Ids of stored answers Kafka has not taken yet, oldest first, at most {@code limit}. */
    public Uni<List<String>> unpublished(int limit) {
        return pool.preparedQuery(UNPUBLISHED).execute(Tuple.of(limit)).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString("request_id")));
            return ids;
        });
    }

    /**
     * Queues again the requests some instance started writing more than {@code staleAfter} ago, except {@code
     * inFlight} (this instance's own).
     *
     * @return the ids queued again
     */
    public Uni<List<String>> requeueStale(Duration staleAfter, Collection<String> inFlight) {
        return pool.preparedQuery(REQUEUE_STALE)
                .execute(Tuple.of((double) staleAfter.toSeconds(), inFlight.toArray(String[]::new)))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("request_id")));
                    return ids;
                });
    }

    /**
     * A request to queue.
     *
     * @param targetKey the key of the commit it goes into
     * @param requestJson the promotion-requested data
     * @param createdAt when it was queued: the poll's order, one microsecond apart
     */
    public record NewRequest(
            String requestId,
            String targetKey,
            String requestJson,
            String correlationId,
            String traceparent,
            OffsetDateTime createdAt) {}
}
