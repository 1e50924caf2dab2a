package io.gitopsflow.writer.service;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a burst lingers before its batches start: once no more requests have been queued for {@code linger}, and at
 * most {@code lingerMax} after the burst's first, so a burst that reaches the writer over several Kafka polls is
 * written as one commit. Each poll queued within {@code linger} of the last extends the wait; a linger of zero starts
 * a batch at once. Thread-safe; time comes from the given clock, so the policy is tested without waiting.
 */
public final class BatchLinger {

    private final long lingerNanos;
    private final long lingerMaxNanos;
    private final LongSupplier nanoClock;
    /** When the lingering burst began and when its batches may start; guarded by {@code this}. */
    private boolean lingering;

    private long began;
    private long deadline;

    /**
     * @param linger how long after the last queued request a batch waits for more
     * @param lingerMax the longest the first request of a burst waits
     * @param nanoClock {@link System#nanoTime} in production
     */
    public BatchLinger(Duration linger, Duration lingerMax, LongSupplier nanoClock) {
        if (linger.isNegative() || lingerMax.compareTo(linger) < 0) {
            throw new IllegalArgumentException(
                    "gitops-flow.writer.batch-linger must be at least 0 and at most batch-linger-max");
        }
        this.lingerNanos = linger.toNanos();
        this.lingerMaxNanos = lingerMax.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether requests linger at all (a linger of zero starts their batch at once). */
    public boolean enabled() {
        return lingerNanos > 0;
    }

    /**
     * Requests were queued now.
     *
     * @return how long from now the burst's batches may start ({@link Duration#ZERO}: at once)
     */
    public synchronized Duration queued() {
        long now = nanoClock.getAsLong();
        if (!holding(now)) {
            began = now;
        }
        long until = Math.min(now + lingerNanos, began + lingerMaxNanos);
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
