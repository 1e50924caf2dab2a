package io.gitopsflow.messaging.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.testkit.TestPostgres;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared durable queue, outbox and runner on a real PostgreSQL: what every service's work rests on. */
class DurableWorkIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Vertx vertx;
    private static Pool pool;

    private final WorkTable table = WorkTable.of("job", "QUEUED", "RUNNING").withClaimedAtColumn("started_at");
    private final WorkTable batches = table.withGroupColumn("work_group");
    private final OutboxTable answers =
            new OutboxTable("job", "id", "published", "status = 'DONE'", "created_at", null);

    @BeforeAll
    static void connect() {
        TestPostgres.shared().createDatabase("durable_work");
        vertx = Vertx.vertx();
        pool = newPool(8);
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
        vertx.close();
    }

    @BeforeEach
    void freshTable() {
        sql("drop table if exists job");
        sql("create table job (id text primary key, status text not null, work_group text, lease_owner text,"
                + " lease_until timestamptz, started_at timestamptz, published boolean not null default false,"
                + " created_at timestamptz not null default clock_timestamp())");
    }

    @Test
    void twoInstancesNeverClaimTheSameRow() {
        queue(20, "g");
        DurableQueue queue = new DurableQueue(pool, table);
        List<Uni<List<DurableQueue.Claim>>> claims = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            claims.add(queue.claim("owner-" + (i % 2), Duration.ofSeconds(30), 3));
        }
        List<String> claimed = Uni.join().all(claims).andFailFast().await().atMost(WAIT).stream()
                .flatMap(List::stream)
                .map(DurableQueue.Claim::id)
                .toList();

        assertThat(claimed).hasSize(20).doesNotHaveDuplicates();
        assertThat(strings("select id from job where status = 'RUNNING' and started_at is not null"))
                .hasSize(20);
    }

    @Test
    void aRowWhoseLeaseRanOutIsTakenOverAndItsOldOwnerLosesIt() {
        queue(1, "g");
        DurableQueue queue = new DurableQueue(pool, table);
        assertThat(queue.claim("dead", Duration.ofMillis(300), 1).await().atMost(WAIT))
                .containsExactly(new DurableQueue.Claim("job-0", null));
        assertThat(queue.claim("alive", Duration.ofSeconds(30), 1).await().atMost(WAIT))
                .as("a held lease is respected")
                .isEmpty();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(queue.claim("alive", Duration.ofSeconds(30), 1)
                                .await()
                                .atMost(WAIT))
                        .containsExactly(new DurableQueue.Claim("job-0", "dead")));

        assertThat(queue.renew("dead", List.of("job-0"), Duration.ofSeconds(30))
                        .await()
                        .atMost(WAIT))
                .containsExactly("job-0");
        assertThat(queue.renew("alive", List.of("job-0"), Duration.ofSeconds(30))
                        .await()
                        .atMost(WAIT))
                .isEmpty();
        assertThat(queue.release("alive").await().atMost(WAIT)).containsExactly("job-0");
        assertThat(strings("select status from job")).containsExactly("QUEUED");
    }

    @Test
    void aGroupIsClaimedWholeAndOnlyWhereItIsClaimable() {
        queue(3, "a");
        sql("insert into job (id, status, work_group) values ('other', 'QUEUED', 'b')");
        DurableQueue queue = new DurableQueue(pool, batches.claimableWhen("w.id <> 'job-2'"));

        assertThat(queue.queuedGroups(10).await().atMost(WAIT)).containsExactlyInAnyOrder("a", "b");
        assertThat(queue.claimGroup("a", "me", Duration.ofSeconds(30)).await().atMost(WAIT))
                .extracting(DurableQueue.Claim::id)
                .containsExactly("job-0", "job-1");
    }

    @Test
    void twoInstancesNeverHoldOneGroupAtOnceWhileItsRowsKeepArriving() {
        int rounds = 120;
        int burstSize = 3;
        List<String> owners = List.of("instance-a", "instance-b");
        List<Pool> pools = List.of(newPool(2), newPool(2));
        List<DurableQueue> instances = pools.stream()
                .map(instancePool -> new DurableQueue(instancePool, batches))
                .toList();
        Map<String, Integer> claimedTimes = new HashMap<>();
        List<Integer> batchSizes = new ArrayList<>();
        List<String> overlaps = new ArrayList<>();
        String holder = null;
        List<String> held = List.of();
        for (int round = 0; round <= rounds; round++) {
            // a burst arrives while both instances claim the group at once
            List<Uni<List<String>>> claims = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                claims.add(instances
                        .get(i)
                        .claimGroup("g", owners.get(i), Duration.ofSeconds(30))
                        .map(unit -> unit.stream().map(DurableQueue.Claim::id).toList()));
            }
            Uni<Void> burst = round < rounds
                    ? queueBurst(round, burstSize)
                    : Uni.createFrom().voidItem();
            List<List<String>> claimed = Uni.combine()
                    .all()
                    .unis(burst, claims.get(0), claims.get(1))
                    .asTuple()
                    .map(results -> List.of(results.getItem2(), results.getItem3()))
                    .await()
                    .atMost(WAIT);
            for (int i = 0; i < 2; i++) {
                List<String> ids = claimed.get(i);
                if (ids.isEmpty()) {
                    continue;
                }
                if (holder != null) {
                    overlaps.add("round " + round + ": " + owners.get(i) + " claimed " + ids + " while " + holder
                            + " held " + held);
                }
                holder = owners.get(i);
                held = ids;
                batchSizes.add(ids.size());
                ids.forEach(id -> claimedTimes.merge(id, 1, Integer::sum));
            }
            // the holder's batch ends every third round (and after the last burst), so bursts arrive while it runs
            if (holder != null && (round % 3 == 2 || round >= rounds - 1)) {
                sql("update job set status = 'DONE' where id in ('" + String.join("', '", held) + "')");
                holder = null;
            }
        }
        pools.forEach(Pool::closeAndAwait);

        assertThat(overlaps).isEmpty();
        assertThat(strings("select id from job where status <> 'DONE'")).isEmpty();
        assertThat(claimedTimes)
                .hasSize(rounds * burstSize)
                .allSatisfy((id, times) -> assertThat(times).isOne());
        assertThat(batchSizes)
                .as("a claim takes the whole group: every burst queued meanwhile")
                .hasSizeGreaterThan(rounds / 4)
                .allSatisfy(size -> assertThat(size % burstSize).isZero());
    }

    @Test
    void aHeldGroupWaitsForItsLeaseToRunOutAndIsThenTakenOverWhole() {
        queue(1, "g");
        DurableQueue queue = new DurableQueue(pool, batches);
        assertThat(queue.claimGroup("g", "dead", Duration.ofMillis(300)).await().atMost(WAIT))
                .containsExactly(new DurableQueue.Claim("job-0", null));
        sql("insert into job (id, status, work_group) values ('later', 'QUEUED', 'g')");

        assertThat(queue.queuedGroups(10).await().atMost(WAIT))
                .as("a held group is not offered")
                .isEmpty();
        assertThat(queue.claimGroup("g", "alive", Duration.ofSeconds(30))
                        .await()
                        .atMost(WAIT))
                .as("a row queued after the group was claimed waits for the holder")
                .isEmpty();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(queue.claimGroup("g", "alive", Duration.ofSeconds(30))
                                .await()
                                .atMost(WAIT))
                        .containsExactly(
                                new DurableQueue.Claim("job-0", "dead"), new DurableQueue.Claim("later", null)));
    }

    @Test
    void anOutboxPublishesUntilTheBrokerTookEachAnswer() {
        sql("insert into job (id, status) values ('a', 'DONE'), ('b', 'DONE'), ('c', 'RUNNING')");
        Outbox outbox = new Outbox(pool, answers);
        Set<String> brokerTook = ConcurrentHashMap.newKeySet();
        AtomicBoolean brokerUp = new AtomicBoolean(false);
        OutboxRelay relay = new OutboxRelay(outbox, ids -> {
            if (!brokerUp.get()) {
                return Uni.createFrom().failure(new IllegalStateException("broker down"));
            }
            brokerTook.addAll(ids);
            return Uni.createFrom().item(ids.subList(0, 1)); // the broker acknowledged only the first
        });

        relay.publishNow(List.of("a", "b")).await().atMost(WAIT);
        assertThat(strings("select id from job where published")).isEmpty();

        brokerUp.set(true);
        assertThat(relay.republish(Set.of()).await().atMost(WAIT)).isEqualTo(2);
        assertThat(relay.republish(Set.of()).await().atMost(WAIT)).isEqualTo(1);
        assertThat(relay.republish(Set.of()).await().atMost(WAIT)).isZero();
        assertThat(strings("select id from job where published order by id")).containsExactly("a", "b");
        assertThat(brokerTook).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void oneRelayPublishesOneCallAtATimeInTheOrderTheCallsCame() {
        sql("insert into job (id, status) values ('a', 'DONE'), ('b', 'DONE')");
        Outbox outbox = new Outbox(pool, answers);
        CompletableFuture<List<String>> firstAcknowledged = new CompletableFuture<>();
        List<String> sent = new CopyOnWriteArrayList<>();
        OutboxRelay relay = new OutboxRelay(outbox, ids -> {
            sent.addAll(ids);
            // the first call's send is acknowledged only when the test says so
            return ids.contains("a")
                    ? Uni.createFrom().completionStage(firstAcknowledged)
                    : Uni.createFrom().item(ids);
        });

        CompletableFuture<Void> first =
                relay.publishNow(List.of("a")).subscribeAsCompletionStage().toCompletableFuture();
        CompletableFuture<Void> second =
                relay.publishNow(List.of("b")).subscribeAsCompletionStage().toCompletableFuture();
        await().during(Duration.ofMillis(300))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(sent).containsExactly("a"));
        assertThat(second).isNotDone();

        firstAcknowledged.complete(List.of("a"));
        first.join();
        second.join();
        assertThat(sent).containsExactly("a", "b");
        assertThat(strings("select id from job where published order by id")).containsExactly("a", "b");
    }

    @Test
    void aClaimingOutboxHandsEachAnswerToOneInstanceAtATime() {
        sql("alter table job add column publish_claimed_until timestamptz");
        sql("insert into job (id, status) values ('a', 'DONE'), ('b', 'DONE')");
        Outbox outbox = new Outbox(
                pool,
                new OutboxTable("job", "id", "published", "status = 'DONE'", "created_at", "publish_claimed_until"));

        assertThat(outbox.due(10, Duration.ofSeconds(30)).await().atMost(WAIT)).containsExactlyInAnyOrder("a", "b");
        assertThat(outbox.due(10, Duration.ofSeconds(30)).await().atMost(WAIT)).isEmpty();
        outbox.markPublished(List.of("a", "b")).await().atMost(WAIT);
        assertThat(strings("select id from job where published and publish_claimed_until is null"))
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aRunnerDoesEveryRowOnceAtMostNAtATimeAndPublishesTheAnswers() {
        queue(30, "g");
        Set<String> published = ConcurrentHashMap.newKeySet();
        Map<String, Integer> done = new ConcurrentHashMap<>();
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Outbox outbox = new Outbox(pool, answers);
        OutboxRelay relay = new OutboxRelay(outbox, ids -> {
            published.addAll(ids);
            return Uni.createFrom().item(ids);
        });
        WorkRunner runner = WorkRunner.builder(
                        "test-runner", vertx, new DurableQueue(pool, table), (unit, blocking) -> {
                            String id = unit.get(0).id();
                            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                            return Uni.createFrom()
                                    .item(() -> {
                                        sleep(20);
                                        done.merge(id, 1, Integer::sum);
                                        return id;
                                    })
                                    .runSubscriptionOn(blocking)
                                    .invoke(atOnce::decrementAndGet)
                                    .chain(ignored -> pool.preparedQuery("update job set status = 'DONE' where id = $1")
                                            .execute(io.vertx.mutiny.sqlclient.Tuple.of(id)))
                                    .chain(() -> relay.publishNow(List.of(id)));
                        })
                .maxConcurrent(3)
                .tickEvery(Duration.ofMillis(200))
                .relay(relay)
                .build();
        runner.start();
        try {
            runner.wake();
            await().atMost(WAIT).until(() -> published.size() == 30);
        } finally {
            runner.stop();
        }
        assertThat(done).hasSize(30).allSatisfy((id, times) -> assertThat(times).isOne());
        assertThat(mostAtOnce.get()).isBetween(1, 3);
        assertThat(strings("select id from job where not published")).isEmpty();
    }

    @Test
    void aRunnerInGroupModeWritesAGroupAsOneUnit() {
        queue(5, "a");
        sql("insert into job (id, status, work_group) values ('b-0', 'QUEUED', 'b'), ('b-1', 'QUEUED', 'b')");
        List<List<String>> units = Collections.synchronizedList(new ArrayList<>());
        WorkRunner runner = WorkRunner.builder(
                        "group-runner", vertx, new DurableQueue(pool, batches), (unit, blocking) -> {
                            List<String> ids =
                                    unit.stream().map(DurableQueue.Claim::id).toList();
                            units.add(ids);
                            return pool.preparedQuery("update job set status = 'DONE' where id = any($1)")
                                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(ids.toArray(String[]::new)))
                                    .replaceWithVoid();
                        })
                .maxConcurrent(2)
                .build();
        runner.start();
        try {
            runner.wake();
            await().atMost(WAIT)
                    .until(() ->
                            strings("select id from job where status <> 'DONE'").isEmpty());
        } finally {
            runner.stop();
        }
        assertThat(units).hasSize(2);
        assertThat(new HashSet<>(units))
                .containsExactlyInAnyOrder(List.of("job-0", "job-1", "job-2", "job-3", "job-4"), List.of("b-0", "b-1"));
    }

    @Test
    void aCleanStopInterruptsTheWorkInProgressAndPutsItBackInTheQueueOnceItEnded() {
        queue(1, "g");
        AtomicBoolean started = new AtomicBoolean();
        WorkRunner runner = WorkRunner.builder(
                        "stopping",
                        vertx,
                        new DurableQueue(pool, table),
                        (unit, blocking) -> Uni.createFrom()
                                .item(() -> {
                                    started.set(true);
                                    sleep(60_000); // a push in flight, which the interrupt cuts
                                    return null;
                                })
                                .runSubscriptionOn(blocking)
                                .replaceWithVoid())
                .build();
        runner.start();
        runner.wake();
        await().atMost(WAIT).untilTrue(started);
        assertThat(runner.running()).containsExactly("job-0");

        runner.stop();

        assertThat(strings("select status || coalesce(lease_owner, '-') from job"))
                .containsExactly("QUEUED-");
    }

    @Test
    void workThatDoesNotEndWhenStoppedKeepsItsClaimSoNoOtherInstanceRepeatsIt() {
        queue(1, "g");
        AtomicBoolean started = new AtomicBoolean();
        WorkRunner runner = WorkRunner.builder("stuck", vertx, new DurableQueue(pool, table), (unit, blocking) -> {
                    started.set(true);
                    return Uni.createFrom().nothing();
                })
                .stopWait(Duration.ofMillis(300))
                .owner("stuck-owner")
                .build();
        runner.start();
        runner.wake();
        await().atMost(WAIT).untilTrue(started);

        runner.stop();

        // held until its lease runs out, as if the instance had died: a second push of it cannot start at once
        assertThat(strings("select status || coalesce(lease_owner, '-') from job"))
                .containsExactly("RUNNINGstuck-owner");
    }

    /** A pool of its own: an instance's connections. */
    private static Pool newPool(int connections) {
        return WorkDatabase.pool(vertx, "durable_work", connections);
    }

    private static Uni<Void> queueBurst(int round, int size) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            values.add("('row-" + round + "-" + i + "', 'QUEUED', 'g')");
        }
        return pool.query("insert into job (id, status, work_group) values " + String.join(", ", values))
                .execute()
                .replaceWithVoid();
    }

    private static void queue(int count, String group) {
        for (int i = 0; i < count; i++) {
            sql("insert into job (id, status, work_group) values ('job-" + i + "', 'QUEUED', '" + group + "')");
        }
    }

    private static void sql(String statement) {
        WorkDatabase.sql(pool, statement);
    }

    private static List<String> strings(String query) {
        return WorkDatabase.strings(pool, query);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
