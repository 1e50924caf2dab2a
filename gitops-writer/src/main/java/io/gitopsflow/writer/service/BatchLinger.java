package io.gitopsflow.writer.service;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a burst lingers before its batches start: once no more requests have been queued for {@code linger}, and at
 * most {@code lingerMax} after the burst's first, so a burst that reaches the writer over several Kafka polls is
 * written as one commit. Each poll queued within {@code linger} of the last extends the wait; a linger of zero starts
 * a batch at once. A lone promotion (a poll of one promotion's requests after a quiet spell: one image promoted to one
 * stage, whatever number of files it writes) waits only {@code lone} for company: a second poll within it makes it a
 * burst, which then lingers as any. Thread-safe;
 * time comes from the given clock, so the policy is tested without waiting.
 */
public final class BatchLinger {

    private final long loneNanos;
    private final long lingerNanos;
    private final long lingerMaxNanos;
    private final LongSupplier nanoClock;
    /** Whether requests are lingering, when their burst began and when its batches may start; guarded by this. */
    private boolean lingering;

    private long began;
    private long deadline;
    /** The wait of the last poll: the lone one or the burst's. */
    private long wait;

    /**
     * @param lone how long a lone promotion's requests wait for company (cut to {@code linger})
     * @param linger how long after the last queued request a batch waits for more
     * @param lingerMax the longest the first request of a burst waits
     * @param nanoClock {@link System#nanoTime} in production
     */
    public BatchLinger(Duration lone, Duration linger, Duration lingerMax, LongSupplier nanoClock) {
        if (linger.isNegative() || lingerMax.compareTo(linger) < 0) {
            throw new IllegalArgumentException(
                    "gitops-flow.writer.batch-linger must be at least 0 and at most batch-linger-max");
        }
        if (lone.isNegative()) {
            throw new IllegalArgumentException("gitops-flow.writer.batch-linger-lone must be at least 0");
        }
        this.loneNanos = Math.min(lone.toNanos(), linger.toNanos());
        this.lingerNanos = linger.toNanos();
        this.lingerMaxNanos = lingerMax.toNanos();
        this.nanoClock = nanoClock;
    }

    /** A linger of {@code linger} for every poll, lone promotions included. */
    public BatchLinger(Duration linger, Duration lingerMax, LongSupplier nanoClock) {
        this(linger, linger, lingerMax, nanoClock);
    }

    /** Whether requests linger at all (a linger of zero starts their batch at once). */
    public boolean enabled() {
        return lingerNanos > 0;
    }

    /**
     * A poll carrying the requests of {@code promotions} promotions is about to be queued now.
     *
     * @return how long from now the burst's batches may start ({@link Duration#ZERO}: at once)
     */
    public synchronized Duration arriving(int promotions) {
        long now = nanoClock.getAsLong();
        wait = lingerNanos;
        if (!holding(now)) {
            began = now;
            wait = promotions > 1 ? lingerNanos : loneNanos;
        }
        return waitFrom(now);
    }

    /**
     * The poll announced by {@link #arriving} is stored now: its wait runs again from now (storing a large poll can
     * take longer than the wait), within the burst's {@code lingerMax}.
     *
     * @return how long from now the burst's batches may start ({@link Duration#ZERO}: at once)
     */
    public synchronized Duration stored() {
        long now = nanoClock.getAsLong();
        if (!holding(now)) {
            began = now;
        }
        return waitFrom(now);
    }

    private Duration waitFrom(long now) {
        long until = Math.min(now + wait, began + lingerMaxNanos);
        if (until - now <= 0) {
            lingering = false;
            return Duration.ZERO;
        }
        lingering = true;
        deadline = until;
        return Duration.ofNanos(until - now);
    }

    /** Whether a burst is still arriving: its batches wait, whoever asks (a tick, a batch that ended, a wake-up). */
    public synchronized boolean holding() {
        return holding(nanoClock.getAsLong());
    }

    private boolean holding(long now) {
        if (lingering && now - deadline >= 0) {
            lingering = false;
        }
        return lingering;
    }
}
