package io.gitopsflow.writer.repository;

import io.gitopsflow.writer.ManifestWrite;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code manifest_write} table: requests queued in one statement per poll, a claimed batch read back, its answers
 * stored in one statement (only while this instance still holds the batch) or its requests put back in the queue. The
 * claim itself, the leases and the published flag belong to the shared queue and outbox ({@link WriteQueueTables}).
 */
@ApplicationScoped
public class ManifestWriteRepository implements PanacheRepositoryBase<ManifestWrite, String> {

    /** The longest reason a row holds (its column's size). */
    static final int MAX_REASON = 2000;

    private static final int MAX_VALUE = 1000;

    /* One round trip for a whole poll: a burst of requests for one branch arrives on one partition, in one poll. */
    private static final String QUEUE = "insert into manifest_write"
            + " (request_id, target_key, status, request_json, correlation_id, traceparent, created_at)"
            + " select id, target_key, 'QUEUED', request_json, correlation_id, traceparent, created_at from unnest("
            + "$1::varchar[], $2::varchar[], $3::text[], $4::varchar[], $5::varchar[], $6::timestamptz[])"
            + " as queued (id, target_key, request_json, correlation_id, traceparent, created_at)"
            + " on conflict (request_id) do nothing returning request_id";

    private static final String COLUMNS = "request_id, target_key, status, request_json, correlation_id, traceparent,"
            + " commit_sha, previous_value, new_value, pull_request_url, reason, batch_size, attempts, created_at,"
            + " started_at, updated_at";

    /**
     * Every answer of a batch in one statement, while {@code $11} still holds the batch (another instance may have
     * taken it over after a lost lease); the target's backoff is cleared with it, and the commit it pushed is recorded
     * as the target's known head (pushed, so recorded even when the batch was lost).
     */
    private static final String STORE = "with cleared as (delete from write_backoff where target_key = $12),"
            + " head as (insert into write_head (target_key, commit_sha, updated_at) select $12, a.commit_sha, $10"
            + " from unnest($2::varchar[], $3::varchar[]) as a (status, commit_sha)"
            + " where a.status = 'COMMITTED' and a.commit_sha is not null limit 1 on conflict (target_key)"
            + " do update set commit_sha = excluded.commit_sha, updated_at = excluded.updated_at)"
            + " update manifest_write m set status = a.status, commit_sha = a.commit_sha,"
            + " previous_value = a.previous_value, new_value = a.new_value, pull_request_url = a.pull_request_url,"
            + " reason = a.reason, batch_size = a.batch_size, attempts = a.attempts, updated_at = $10,"
            + " lease_owner = null, lease_until = null"
            + " from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],"
            + " $7::varchar[], $8::int[], $9::int[]) as a (request_id, status, commit_sha, previous_value, new_value,"
            + " pull_request_url, reason, batch_size, attempts) where m.request_id = a.request_id"
            + " and m.status = 'WRITING' and m.lease_owner = $11 returning m.request_id";

    private static final String RELEASE = "update manifest_write set status = 'QUEUED', lease_owner = null,"
            + " lease_until = null, started_at = null where request_id = any($1) and status = 'WRITING'"
            + " and lease_owner = $2";

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
                .map(rows -> new HashSet<>(strings(rows, "request_id")));
    }

    /** The requests {@code ids} (a claimed batch, answers to publish), in the order they were answered, then queued. */
    public Uni<List<ManifestWrite>> byIds(Collection<String> ids) {
        return pool.preparedQuery("select " + COLUMNS + " from manifest_write where request_id = any($1)"
                        + " order by updated_at nulls last, created_at, request_id")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(ManifestWriteRepository::writes);
    }

    /**
     * The commit the last write of {@code targetKey} pushed, as its answers recorded it, or null: a hint that lets the
     * next write skip its fetch when its clone already has that head (the push still checks it).
     */
    public Uni<String> knownHead(String targetKey) {
        return pool.preparedQuery("select commit_sha from write_head where target_key = $1")
                .execute(Tuple.of(targetKey))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("commit_sha"));
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

    /**
     * Stores the answers of a batch (status, commit, values, reason, sizes) in one statement, if {@code owner} still
     * holds it, and clears the backoff of its target.
     *
     * @return the ids whose answer was stored
     */
    public Uni<List<String>> storeAnswers(List<ManifestWrite> answered, String owner, OffsetDateTime now) {
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
            previous[i] = bounded(write.previousValue, MAX_VALUE);
            values[i] = bounded(write.newValue, MAX_VALUE);
            pullRequests[i] = bounded(write.pullRequestUrl, MAX_VALUE);
            reasons[i] = bounded(write.reason);
            batchSizes[i] = write.batchSize;
            attempts[i] = write.attempts;
        }
        Object[] arguments = {
            ids,
            statuses,
            commits,
            previous,
            values,
            pullRequests,
            reasons,
            batchSizes,
            attempts,
            now,
            owner,
            answered.get(0).targetKey
        };
        return pool.preparedQuery(STORE).execute(Tuple.from(arguments)).map(rows -> strings(rows, "request_id"));
    }

    /** Puts the requests {@code ids} that {@code owner} holds back in the queue, unanswered. */
    public Uni<Void> release(Collection<String> ids, String owner) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.of(ids.toArray(String[]::new), owner))
                .replaceWithVoid();
    }

    /** {@code text} cut to what a reason column holds. */
    static String bounded(String text) {
        return bounded(text, MAX_REASON);
    }

    private static String bounded(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static List<ManifestWrite> writes(RowSet<Row> rows) {
        List<ManifestWrite> writes = new ArrayList<>();
        for (Row row : rows) {
            ManifestWrite write = new ManifestWrite();
            write.requestId = row.getString("request_id");
            write.targetKey = row.getString("target_key");
            write.status = row.getString("status");
            write.requestJson = row.getString("request_json");
            write.correlationId = row.getString("correlation_id");
            write.traceparent = row.getString("traceparent");
            write.commit = row.getString("commit_sha");
            write.previousValue = row.getString("previous_value");
            write.newValue = row.getString("new_value");
            write.pullRequestUrl = row.getString("pull_request_url");
            write.reason = row.getString("reason");
            write.batchSize = row.getInteger("batch_size");
            write.attempts = row.getInteger("attempts");
            write.createdAt = row.getOffsetDateTime("created_at");
            write.startedAt = row.getOffsetDateTime("started_at");
            write.updatedAt = row.getOffsetDateTime("updated_at");
            writes.add(write);
        }
        return writes;
    }

    private static List<String> strings(RowSet<Row> rows, String column) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.getString(column)));
        return values;
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
