package io.gitopsflow.gateway.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/** What sends the benchmark's webhooks: wrk when installed, else a Vert.x client. Both run for a given time. */
interface LoadGenerator {

    /** Sends signed pushes for {@code seconds} over {@code concurrency} connections; {@code run} names the run. */
    Result run(int concurrency, int seconds, String run) throws IOException, InterruptedException;

    /** How the report names this generator. */
    String describe();

    /**
     * One run as the load generator saw it: throughput, answers and latency percentiles in ms (keys 50, 99, 99.9,
     * 100). {@code errors} counts answers the generator saw fail (socket errors, timeouts and, for wrk, any status
     * of 400 or more); the statuses themselves come from the gateway's own metrics.
     */
    record Result(double throughput, long answers, long errors, Map<Double, Double> percentiles) {

        double percentile(double p) {
            return percentiles.getOrDefault(p, Double.NaN);
        }

        /** The percentiles of {@code nanos} (latencies of one run, any order). */
        static Map<Double, Double> percentiles(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            Map<Double, Double> percentiles = new java.util.TreeMap<>();
            for (double p : new double[] {50, 99, 99.9, 100}) {
                int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
                percentiles.put(p, sorted.length == 0 ? Double.NaN : sorted[Math.max(0, index)] / 1_000_000.0);
            }
            return percentiles;
        }
    }
}
