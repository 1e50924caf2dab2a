package io.gitopsflow.messaging.work;

import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.messaging.work.DurableQueue.Claim;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs the work of a {@link DurableQueue}: at most {@code maxConcurrent} units at once, oldest first, each on a Vert.x
 * context of its own (Hibernate Reactive needs one) with this runner's own threads for its blocking part. A unit is one
 * row, or, for a queue with groups, every claimable row of one group (a batch). Leases are renewed every third of a
 * lease while a unit runs; on a clean stop the rows this instance holds go back to the queue at once. Wake-ups that
 * come while the queue is being looked at fold into one more look, so a burst costs a few queries, not one per row. A
 * tick is the safety net: it publishes the answers the broker did not take, then looks at the queue.
 */
public final class WorkRunner {

    /** The service's work on one claimed unit: do it, store the answer (while still holding it), publish it. */
    @FunctionalInterface
    public interface Work {
        Uni<Void> run(List<Claim> unit, Executor blocking);
    }

    private final String name;
    private final Vertx vertx;
    private final DurableQueue queue;
    private final Work work;
    private final int maxConcurrent;
    private final Duration lease;
    private final Duration tickEvery;
    private final Duration stopWait;
    private final BooleanSupplier holdBack;
    private final List<OutboxRelay> relays;
    private final String owner;
    private final ExecutorService blocking;
    private final Set<String> runningIds = ConcurrentHashMap.newKeySet();
    private final Set<String> runningGroups = ConcurrentHashMap.newKeySet();
    /** Rows a fill claimed while a unit of this instance still ran them; guarded by {@code this}. */
    private final Set<String> claimedAgain = new HashSet<>();

    private final AtomicInteger units = new AtomicInteger();
    private final AtomicBoolean filling = new AtomicBoolean();
    private final AtomicBoolean wokenAgain = new AtomicBoolean();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean stopped;
    private long heartbeatTimer = -1;
    private long tickTimer = -1;

    WorkRunner(WorkRunnerBuilder builder) {
        this.name = builder.name;
        this.vertx = builder.vertx;
        this.queue = builder.queue;
        this.work = builder.work;
        this.maxConcurrent = builder.maxConcurrent;
        this.lease = builder.lease;
        this.tickEvery = builder.tickEvery;
        this.stopWait = builder.stopWait;
        this.holdBack = builder.holdBack;
        this.relays = List.copyOf(builder.relays);
        this.owner = builder.owner;
        AtomicInteger threads = new AtomicInteger();
        this.blocking = Executors.newFixedThreadPool(maxConcurrent, task -> {
            Thread thread = new Thread(task, name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A runner named {@code name} (its threads and log lines say it) over {@code queue}. */
    public static WorkRunnerBuilder builder(String name, Vertx vertx, DurableQueue queue, Work work) {
        return new WorkRunnerBuilder(name, vertx, queue, work);
    }

    /** Starts the lease heartbeat and the tick. */
    public void start() {
        heartbeatTimer = vertx.setPeriodic(Math.max(100, lease.toMillis() / 3), timer -> renewLeases());
        tickTimer = vertx.setPeriodic(Math.max(10, tickEvery.toMillis()), timer -> {
            if (!ticking.compareAndSet(false, true)) {
                return; // the last tick is still at work (an outage): ticks never overlap
            }
            VertxContexts.onNewContext(vertx, this::tick)
                    .onTermination()
                    .invoke(() -> ticking.set(false))
                    .subscribe()
                    .with(ignored -> {}, failure -> Log.warnf("%s tick failed: %s", name, failure.getMessage()));
        });
    }

    /** Looks at the queue soon: call it when work was queued or may have become claimable. */
    public void wake() {
        if (stopped) {
            return;
        }
        wokenAgain.set(true);
        if (filling.compareAndSet(false, true)) {
            fillWhileWoken();
        }
    }

    /** The safety net: publishes the answers the broker did not take, then looks at the queue. */
    public Uni<Void> tick() {
        Uni<Integer> republished = Uni.createFrom().item(0);
        for (OutboxRelay relay : relays) {
            republished = republished.chain(() -> relay.republish(Set.copyOf(runningIds))
                    .onFailure()
                    .recoverWithItem(failure -> {
                        Log.warnf("%s: cannot publish stored answers again: %s", name, failure.getMessage());
                        return 0;
                    }));
        }
        return republished.chain(ignored -> fill()).onFailure().recoverWithUni(failure -> {
            Log.warnf("%s: cannot look at the queue: %s", name, failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** The ids of the rows this instance works on now. */
    public Set<String> running() {
        return Set.copyOf(runningIds);
    }

    /** This instance, as the owner of the leases it holds. */
    public String owner() {
        return owner;
    }

    /** The runner's own threads, for blocking work outside a unit (e.g. readying a clone while a burst arrives). */
    public Executor blocking() {
        return blocking;
    }

    private void fillWhileWoken() {
        wokenAgain.set(false);
        VertxContexts.onNewContext(vertx, this::fill)
                .onTermination()
                .invoke(() -> {
                    filling.set(false);
                    if (wokenAgain.get() && !stopped && filling.compareAndSet(false, true)) {
                        fillWhileWoken();
                    }
                })
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> Log.warnf("%s: cannot start queued work: %s", name, failure.getMessage()));
    }

    private Uni<Void> fill() {
        if (stopped || holdBack.getAsBoolean()) {
            return Uni.createFrom().voidItem();
        }
        return queue.table().groupColumn() == null ? fillRows() : fillGroups();
    }

    private Uni<Void> fillRows() {
        int free = reserve(maxConcurrent);
        if (free == 0) {
            return Uni.createFrom().voidItem();
        }
        return queue.claim(owner, lease, free)
                .onFailure()
                .invoke(failure -> units.addAndGet(-free))
                .invoke(claimed -> {
                    List<Claim> claims = notRunning(claimed);
                    units.addAndGet(claims.size() - free);
                    claims.forEach(claim -> startUnit(List.of(claim), null));
                })
                .replaceWithVoid();
    }

    private Uni<Void> fillGroups() {
        return queue.queuedGroups(maxConcurrent * 4).chain(groups -> {
            List<Uni<Void>> claims = new ArrayList<>();
            for (String group : groups) {
                if (runningGroups.contains(group) || reserve(1) == 0) {
                    continue;
                }
                runningGroups.add(group);
                claims.add(queue.claimGroup(group, owner, lease)
                        .onFailure()
                        .invoke(failure -> unreserve(group))
                        .map(this::notRunning)
                        .invoke(unit -> {
                            if (unit.isEmpty()) {
                                unreserve(group);
                            } else {
                                startUnit(unit, group);
                            }
                        })
                        .replaceWithVoid());
            }
            return claims.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.join().all(claims).andCollectFailures().replaceWithVoid();
        });
    }

    /** Takes up to {@code wanted} free slots; returns how many it took. */
    private int reserve(int wanted) {
        while (true) {
            int taken = units.get();
            int free = Math.min(wanted, maxConcurrent - taken);
            if (free <= 0) {
                return 0;
            }
            if (units.compareAndSet(taken, taken + free)) {
                return free;
            }
        }
    }

    private void unreserve(String group) {
        units.decrementAndGet();
        if (group != null) {
            runningGroups.remove(group);
        }
    }

    /**
     * The claims of rows no unit of this instance runs, now marked running. A row a unit still runs comes back when
     * its lease ran out meanwhile (the database was away and the heartbeat could not renew it; the claim renewed the
     * lease, the run goes on), or when its work put it back in the queue and has not ended yet: such a row is put
     * back once that unit ended, lest it stay claimed with no work on it until its lease runs out.
     */
    private synchronized List<Claim> notRunning(List<Claim> claimed) {
        List<Claim> fresh = new ArrayList<>();
        for (Claim claim : claimed) {
            if (runningIds.contains(claim.id())) {
                claimedAgain.add(claim.id());
            } else {
                fresh.add(claim);
            }
        }
        fresh.forEach(claim -> runningIds.add(claim.id()));
        return fresh;
    }

    /** The rows of a unit that ended no longer running; returns those claimed again while it ran. */
    private synchronized List<String> ended(List<String> ids) {
        ids.forEach(runningIds::remove);
        return ids.stream().filter(claimedAgain::remove).toList();
    }

    private void startUnit(List<Claim> unit, String group) {
        List<String> ids = unit.stream().map(Claim::id).toList();
        unit.stream()
                .filter(claim -> claim.previousOwner() != null)
                .forEach(claim -> Log.warnf(
                        "%s: %s was held by %s, whose lease ran out (it stopped mid-work): taken over",
                        name, claim.id(), claim.previousOwner()));
        VertxContexts.onNewContext(vertx, () -> work.run(unit, blocking))
                .onTermination()
                .invoke(() -> {
                    List<String> again = ended(ids);
                    unreserve(group);
                    if (again.isEmpty()) {
                        wake();
                        return;
                    }
                    queue.release(owner, again)
                            .subscribe()
                            .with(
                                    released -> wake(),
                                    failure -> Log.warnf(
                                            "%s: %s stays claimed until its lease runs out: %s",
                                            name, again, failure.getMessage()));
                })
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> Log.errorf(
                                "%s: work on %s did not complete: %s (it is taken over once its lease runs out)",
                                name, ids, failure.getMessage()));
    }

    private void renewLeases() {
        if (runningIds.isEmpty() || stopped) {
            return;
        }
        queue.renew(owner, List.copyOf(runningIds), lease)
                .subscribe()
                .with(
                        lost -> lost.stream()
                                .filter(runningIds::contains)
                                .forEach(id -> Log.warnf(
                                        "%s: the lease on %s ran out and another instance took it over; this"
                                                + " instance will not store its answer",
                                        name, id)),
                        failure -> Log.warnf("%s: cannot renew leases: %s", name, failure.getMessage()));
    }

    /**
     * Stops the timers, interrupts the work in progress and waits up to the stop wait for it to end; then puts the rows
     * this instance holds back in the queue for the next instance. Work that has not ended by then keeps its rows
     * claimed until their lease runs out: another instance taking them at once would repeat a push that may still be
     * on its way.
     */
    public void stop() {
        stopped = true;
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
        }
        boolean held = !runningIds.isEmpty();
        blocking.shutdownNow();
        long deadline = System.nanoTime() + stopWait.toNanos();
        while (!runningIds.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!runningIds.isEmpty()) {
            Log.warnf(
                    "%s: work on %s still runs: it stays claimed until its lease runs out",
                    name, Set.copyOf(runningIds));
        } else if (held) {
            try {
                List<String> released = queue.release(owner).await().atMost(Duration.ofSeconds(5));
                Log.infof("%s: %d unit(s) of work queued again for the next instance", name, released.size());
            } catch (RuntimeException e) {
                Log.warnf("%s: work in progress stays claimed until its lease runs out: %s", name, e.getMessage());
            }
        }
    }
}
