package io.gitopsflow.testkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The conditions a benchmark ran in, printed beside its figures: the cores, the CPU the host stole and the CPU the
 * whole machine was busy (both from {@code /proc/stat}, between {@link #start()} and {@link #describe()}), the load
 * average, and the JVM. A figure measured while the host steals 10 % or another build runs is not the same figure.
 */
public final class RunConditions {

    private final long[] start;
    private final String loadAtStart;

    private RunConditions(long[] start, String loadAtStart) {
        this.start = start;
        this.loadAtStart = loadAtStart;
    }

    /** Starts observing the machine. */
    public static RunConditions start() {
        return new RunConditions(cpuTicks(), loadAverage());
    }

    /** The conditions since {@link #start()}, as one paragraph of the report. */
    public String describe() {
        return describe(ProcessHandle.current().info().command().orElse("java"));
    }

    /** The same, naming what generated the load (e.g. {@code wrk}). */
    public String describe(String loadGenerator) {
        long[] now = cpuTicks();
        long[] delta = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            delta[i] = now[i] - (i < start.length ? start[i] : 0);
        }
        long total = Arrays.stream(delta).sum();
        long idle = delta[3] + (delta.length > 4 ? delta[4] : 0); // idle + iowait
        long steal = delta.length > 7 ? delta[7] : 0;
        return String.format(
                "conditions: %d cores; CPU stolen by the host %.1f %%; machine busy %.1f %% of all cores (this run"
                        + " included); load average %s at start, %s at end; load from %s; JVM %s %s%n",
                Runtime.getRuntime().availableProcessors(),
                percent(steal, total),
                percent(total - idle - steal, total),
                loadAtStart,
                loadAverage(),
                loadGenerator,
                System.getProperty("java.vm.version"),
                jvmOptions());
    }

    /** The share of the CPU stolen since {@link #start()}, in percent. */
    public double stealPercent() {
        long[] now = cpuTicks();
        long total = 0;
        for (int i = 0; i < now.length; i++) {
            total += now[i] - (i < start.length ? start[i] : 0);
        }
        return now.length > 7 ? percent(now[7] - start[7], total) : 0;
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }

    private static String jvmOptions() {
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return options.isEmpty() ? "(default options)" : String.join(" ", options);
    }

    /** The machine's CPU time by kind (user, nice, system, idle, iowait, irq, softirq, steal), in ticks. */
    private static long[] cpuTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return Arrays.stream(cpu.substring(3).trim().split("\\s+"))
                    .limit(8)
                    .mapToLong(Long::parseLong)
                    .toArray();
        } catch (IOException | RuntimeException e) {
            return new long[8]; // not Linux: no figures, said as 0
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " / " + fields[1];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
