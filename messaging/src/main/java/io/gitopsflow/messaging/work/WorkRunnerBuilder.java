package io.gitopsflow.messaging.work;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** How a runner is set up; the defaults suit a small service. */
public final class WorkRunnerBuilder {
    final String name;
    final Vertx vertx;
    final DurableQueue queue;
    final WorkRunner.Work work;
    int maxConcurrent = 1;
    Duration lease = Duration.ofSeconds(30);
    Duration tickEvery = Duration.ofSeconds(5);
    Duration stopWait = Duration.ofSeconds(5);
    BooleanSupplier holdBack = () -> false;
    final List<OutboxRelay> relays = new ArrayList<>();
    String owner;

    WorkRunnerBuilder(String name, Vertx vertx, DurableQueue queue, WorkRunner.Work work) {
        this.name = name;
        this.vertx = vertx;
        this.queue = queue;
        this.work = work;
        this.owner = name + "-" + UUID.randomUUID();
    }

    public WorkRunnerBuilder maxConcurrent(int units) {
        if (units < 1) {
            throw new IllegalArgumentException(name + ": at least one unit of work must run at once, not " + units);
        }
        this.maxConcurrent = units;
        return this;
    }

    public WorkRunnerBuilder lease(Duration lease) {
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException(name + ": a lease must be at least 300ms, not " + lease);
        }
        this.lease = lease;
        return this;
    }

    /** How long {@link WorkRunner#stop()} waits for interrupted work to end before it gives the rows back. */
    public WorkRunnerBuilder stopWait(Duration wait) {
        this.stopWait = wait;
        return this;
    }

    public WorkRunnerBuilder tickEvery(Duration interval) {
        this.tickEvery = interval;
        return this;
    }

    /** While this says true, no new work starts (e.g. a burst is still arriving and should be one batch). */
    public WorkRunnerBuilder holdBack(BooleanSupplier condition) {
        this.holdBack = condition;
        return this;
    }

    /** An outbox whose waiting answers each tick publishes again; several are published in the order given. */
    public WorkRunnerBuilder relay(OutboxRelay relay) {
        this.relays.add(relay);
        return this;
    }

    /** The owner name of this instance's leases (default: the runner's name and a random id). */
    public WorkRunnerBuilder owner(String owner) {
        this.owner = owner;
        return this;
    }

    public WorkRunner build() {
        return new WorkRunner(this);
    }
}
