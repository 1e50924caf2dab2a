package io.gitopsflow.events;

/**
 * How long each step of a build took, in milliseconds.
 *
 * @param checkoutMillis clone or fetch and checkout
 * @param buildMillis building the image layers
 * @param pushMillis pushing to the registry
 * @param totalMillis from the build's start to its end, queueing excluded
 */
public record BuildDurations(long checkoutMillis, long buildMillis, long pushMillis, long totalMillis) {

    public BuildDurations {
        if (checkoutMillis < 0 || buildMillis < 0 || pushMillis < 0 || totalMillis < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }
}
