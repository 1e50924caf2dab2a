package io.gitopsflow.cli.watch;

import java.time.Duration;

/**
 * How long to wait before trying again: {@code first}, then twice as long each time, never more than {@code max};
 * back to {@code first} once something worked. A console that restarts is met again within a second; one that is down
 * for a while is asked every few seconds, not hammered.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before the next try; the one after it is longer. */
    Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }

    /** It worked: the next wait is the first again. */
    void reset() {
        next = first;
    }
}
