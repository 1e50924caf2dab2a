package io.gitopsflow.testkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conditions a benchmark ran in, printed beside its figures: the cores, the CPU the host stole and the CPU the
 * whole machine was busy, split into this benchmark's processes (this JVM and its children: a service under test, a
 * load generator, a broker) and other load (from {@code /proc/stat} and {@code /proc/<pid>/stat}, between two
 * {@link Sample}s or between {@link #start()} and {@link #describe()}), the load average, and the JVMs. A figure
 * measured while the host steals 10 % or another build runs is not the same figure.
 */
public final class RunConditions {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (Linux's USER_HZ). */
    private static final double TICKS_PER_SECOND = 100;

    private final Sample start;
    private final String loadAtStart;

    private RunConditions(Sample start, String loadAtStart) {
        this.start = start;
        this.loadAtStart = loadAtStart;
    }

    /** Starts observing the machine. */
    public static RunConditions start() {
        return new RunConditions(sample(), loadAverage());
    }

    /** The CPU counters now, to compare with a later {@link Sample} (e.g. per round of a benchmark). */
    public static Sample sample() {
        long ours;
        try (Stream<ProcessHandle> tree = Stream.concat(
                Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())) {
            ours = tree.mapToLong(process -> processTicks(process.pid())).sum();
        }
        return new Sample(System.nanoTime(), cpuTicks(), ours);
    }

    /** The conditions since {@link #start()}, as one paragraph of the report. */
    public String describe() {
        return describe(ProcessHandle.current().info().command().orElse("java"));
    }

    /** The same, naming what generated the load (e.g. {@code wrk}). */
    public String describe(String loadGenerator) {
        Sample now = sample();
        Busy busy = start.busy(now);
        return String.format(
                "conditions: %d cores; CPU stolen by the host %.1f %%; machine busy %.1f %% of all cores (this"
                        + " benchmark's processes %.1f %%, other load %.1f %%); load average %s at start, %s at end;"
                        + " load from %s; JVM %s %s%n",
                Runtime.getRuntime().availableProcessors(),
                zeroIfUnknown(start.stealPercent(now)),
                zeroIfUnknown(busy.machine()),
                zeroIfUnknown(busy.ours()),
                zeroIfUnknown(busy.other()),
                loadAtStart,
                loadAverage(),
                loadGenerator,
                System.getProperty("java.vm.version"),
                jvmOptions());
    }

    /** The share of the CPU stolen since {@link #start()}, in percent (0 off Linux). */
    public double stealPercent() {
        return zeroIfUnknown(start.stealPercent(sample()));
    }

    /**
     * The cores, the architecture and this JVM with its options, then {@code others} (e.g. {@code "writer JVM
     * [-Xmx512m]"} for a service the benchmark started), all on one line.
     */
    public static String machine(String... others) {
        StringBuilder machine = new StringBuilder(String.format(
                "%d cores (%s), benchmark JVM %s %s",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments()));
        for (String other : others) {
            machine.append(", ").append(other);
        }
        return machine.toString();
    }

    /** The load average (1, 5, 15 min) now, "unknown" off Linux. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double zeroIfUnknown(double percent) {
        return Double.isNaN(percent) ? 0 : percent;
    }

    private static String jvmOptions() {
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return options.isEmpty() ? "(default options)" : String.join(" ", options);
    }

    /** The machine's CPU time by kind (user, nice, system, idle, iowait, irq, softirq, steal), in ticks. */
    private static long[] cpuTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return Stream.of(cpu.substring(3).trim().split("\\s+"))
                    .limit(8)
                    .mapToLong(Long::parseLong)
                    .toArray();
        } catch (IOException | RuntimeException e) {
            return new long[0]; // not Linux: no figures
        }
    }

    /** The CPU ticks (user + system) one process used so far, 0 if unknown. */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // after the command's closing parenthesis: state is field 3, utime 14 and stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * How busy the machine was between two samples, in percent of all cores: in all, by this benchmark's processes,
     * and by other load (the rest, never below 0). NaN off Linux.
     */
    public record Busy(double machine, double ours, double other) {}

    /**
     * The counters at one moment.
     *
     * @param nanos {@link System#nanoTime()}
     * @param cpu the aggregate line of /proc/stat: user nice system idle iowait irq softirq steal (empty off Linux)
     * @param ours the CPU ticks this JVM and its children used so far
     */
    public record Sample(long nanos, long[] cpu, long ours) {

        /** The share of the CPU the host stole from {@code this} to {@code later}, in percent (NaN off Linux). */
        public double stealPercent(Sample later) {
            long total = total(later);
            return total <= 0 ? Double.NaN : 100.0 * (later.cpu[7] - cpu[7]) / total;
        }

        /** How busy the machine was from {@code this} to {@code later}, and who kept it busy. */
        public Busy busy(Sample later) {
            long total = total(later);
            if (total <= 0) {
                return new Busy(Double.NaN, Double.NaN, Double.NaN);
            }
            long idle = later.cpu[3] - cpu[3] + later.cpu[4] - cpu[4];
            long steal = later.cpu[7] - cpu[7];
            double busy = 100.0 * (total - idle - steal) / total;
            double seconds = (later.nanos - nanos) / 1e9;
            double ours = 100.0
                    * (later.ours - this.ours)
                    / TICKS_PER_SECOND
                    / seconds
                    / Runtime.getRuntime().availableProcessors();
            return new Busy(busy, ours, Math.max(0, busy - ours));
        }

        /** Steal, how busy the machine was and who kept it busy, from {@code this} to {@code later}, in words. */
        public String until(Sample later) {
            double steal = stealPercent(later);
            if (Double.isNaN(steal)) {
                return "steal n/a";
            }
            Busy busy = busy(later);
            return String.format(
                    "steal %.2f %%, CPU busy %.0f %% (this benchmark's processes %.0f %%, other load %.0f %%)",
                    steal, busy.machine(), busy.ours(), busy.other());
        }

        /** All CPU ticks between the samples (guest time is counted in user already), 0 if unknown. */
        private long total(Sample later) {
            if (cpu.length < 8 || later.cpu.length < 8) {
                return 0;
            }
            long total = 0;
            for (int i = 0; i < 8; i++) {
                total += later.cpu[i] - cpu[i];
            }
            return total;
        }
    }
}
