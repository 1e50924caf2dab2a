package io.gitopsflow.writer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The {@code write_backoff} table: targets whose Git host could not be reached, and when their requests are claimable
 * again. Cleared when the target's next batch stores its answers ({@link ManifestWriteRepository#storeAnswers}).
 */
@ApplicationScoped
public class WriteBackoffRepository {

    /** The first failure waits {@code $2} seconds, every next one twice as long, at most {@code $3}. */
    private static final String BACK_OFF =
            "insert into write_backoff as b (target_key, failures, since, retry_at, reason)"
                    + " values ($1, 1, now(), now() + make_interval(secs => $2), $4)"
                    + " on conflict (target_key) do update set failures = b.failures + 1,"
                    + " retry_at = now() + make_interval(secs => least($3, $2 * power(2, least(b.failures, 30)))),"
                    + " reason = $4 returning failures, since, retry_at";

    private final Pool pool;

    public WriteBackoffRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records one more failure to reach {@code targetKey}'s host.
     *
     * @return the failures in a row, since when, and when its requests are claimable again
     */
    public Uni<Backoff> failed(String targetKey, String reason, Duration initial, Duration max) {
        return pool.preparedQuery(BACK_OFF)
                .execute(Tuple.of(targetKey, seconds(initial), seconds(max), ManifestWriteRepository.bounded(reason)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Backoff(
                            row.getInteger("failures"),
                            row.getOffsetDateTime("since"),
                            row.getOffsetDateTime("retry_at"));
                });
    }

    /** Forgets the failures of {@code targetKey}: its requests are answered now. */
    public Uni<Void> clear(String targetKey) {
        return pool.preparedQuery("delete from write_backoff where target_key = $1")
                .execute(Tuple.of(targetKey))
                .replaceWithVoid();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * A target's failures to reach its host.
     *
     * @param failures how many batches in a row could not reach it
     * @param since the first of them
     * @param retryAt when its requests are claimable again
     */
    public record Backoff(int failures, OffsetDateTime since, OffsetDateTime retryAt) {}
}
