package io.gitopsflow.messaging.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.testkit.TestPostgres;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A row claimed by a fill while a unit of the same instance still runs it (its work put it back in the queue, due at
 * once, as a Job measurement does to be resumed, and a tick's claim took it before the unit ended) is not left claimed
 * with no work on it until its lease runs out: it is put back once that unit ended, and run again.
 */
class WorkRunnerClaimedAgainIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    // far longer than the test waits: a row left claimed would only come back after it
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static Vertx vertx;
    private static Pool pool;

    private final WorkTable table = WorkTable.of("job", "QUEUED", "RUNNING");

    @BeforeAll
    static void connect() {
        TestPostgres.shared().createDatabase("work_runner_claimed_again");
        vertx = Vertx.vertx();
        pool = WorkDatabase.pool(vertx, "work_runner_claimed_again", 4);
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
        vertx.close();
    }

    @BeforeEach
    void freshTable() {
        sql("drop table if exists job");
        sql("create table job (id text primary key, status text not null, lease_owner text, lease_until timestamptz,"
                + " created_at timestamptz not null default clock_timestamp())");
        sql("insert into job (id, status) values ('job-0', 'QUEUED')");
    }

    @Test
    void aRowItsWorkPutBackAndATickClaimedBeforeTheWorkEndedRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<WorkRunner> runner = new AtomicReference<>();
        runner.set(runner("again", (unit, blocking) -> {
            if (runs.incrementAndGet() > 1) {
                return update("update job set status = 'DONE', lease_owner = null where id = $1");
            }
            // put back, due at once; then a tick claims it while this unit still runs
            return update("update job set status = 'QUEUED', lease_owner = null, lease_until = null where id = $1")
                    .chain(() -> runner.get().tick());
        }));
        try {
            runner.get().start();
            runner.get().wake();
            await().atMost(WAIT).until(() -> runs.get() == 2);
            await().atMost(WAIT).until(() -> strings("select status from job").equals(List.of("DONE")));
        } finally {
            runner.get().stop();
        }
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void aRowClaimedAgainThatItsUnitThenFinishedIsNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<WorkRunner> runner = new AtomicReference<>();
        runner.set(runner("finished", (unit, blocking) -> {
            runs.incrementAndGet();
            // the lease ran out meanwhile (as in a database outage) and a tick took the row: the unit goes on and
            // finishes it
            return update("update job set lease_until = now() - interval '1 second' where id = $1")
                    .chain(() -> runner.get().tick())
                    .chain(() -> update("update job set status = 'DONE', lease_owner = null where id = $1"));
        }));
        try {
            runner.get().start();
            runner.get().wake();
            await().atMost(WAIT).until(() -> strings("select status from job").equals(List.of("DONE")));
            // past a few ticks: the row is not taken again
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        } finally {
            runner.get().stop();
        }
    }

    private WorkRunner runner(String name, WorkRunner.Work work) {
        return WorkRunner.builder(name, vertx, new DurableQueue(pool, table), work)
                .lease(LEASE)
                // a free slot for the tick's claim while the unit runs
                .maxConcurrent(4)
                .tickEvery(Duration.ofMillis(200))
                .build();
    }

    private static Uni<Void> update(String statement) {
        return pool.preparedQuery(statement).execute(Tuple.of("job-0")).replaceWithVoid();
    }

    private static void sql(String statement) {
        WorkDatabase.sql(pool, statement);
    }

    private static List<String> strings(String query) {
        return WorkDatabase.strings(pool, query);
    }
}
