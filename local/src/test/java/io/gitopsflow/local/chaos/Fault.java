package io.gitopsflow.local.chaos;

import java.time.Duration;

/**
 * One fault of a chaos run: {@code at} from the run's start, of {@code kind}, on {@code target} (an instance's name
 * for a kill, else the component), lasting {@code length} (how long the component is down or slow; for a kill, how
 * long the instance stays dead before it is started again, as a crash-looping pod's back-off).
 */
record Fault(Duration at, Kind kind, String target, Duration length) {

    /** What can go wrong. */
    enum Kind {
        /** {@code kill -9} of one service instance, started again after {@code length}. */
        KILL,
        /** The Kafka broker stopped (SIGKILL: no clean shutdown) and started again on its data. */
        BROKER,
        /** PostgreSQL stopped (fast shutdown: every session cut) and started again. */
        POSTGRES,
        /** The Git host refuses connections. */
        GIT,
        /** The OCI registry refuses connections. */
        REGISTRY,
        /** Every request to the Git host's repositories waits {@code length / 10} first (a slow network). */
        GIT_DELAY
    }

    @Override
    public String toString() {
        return String.format(
                "%5.1f s %-9s %-20s %4.1f s", at.toMillis() / 1000.0, kind, target, length.toMillis() / 1000.0);
    }
}
