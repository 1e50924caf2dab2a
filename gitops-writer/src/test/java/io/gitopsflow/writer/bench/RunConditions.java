package io.gitopsflow.writer.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conditions of a benchmark's run, from Linux's {@code /proc}: the cores, the share of the CPU time the host stole
 * (the {@code steal} column of {@code /proc/stat}), how busy the machine was and how much of that was this benchmark's
 * processes (this JVM and its children: the writer, the broker, PostgreSQL) rather than other load, and the load
 * average. Elsewhere than Linux the figures read "n/a".
 */
final class RunConditions {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (Linux's USER_HZ). */
    private static final double TICKS_PER_SECOND = 100;

    private RunConditions() {}

    /** The CPU counters now. */
    static Sample sample() {
        long[] cpu = new long[0];
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            cpu = Stream.of(line.trim().split("\\s+"))
                    .skip(1)
                    .mapToLong(Long::parseLong)
                    .toArray();
        } catch (IOException | RuntimeException e) {
            // not Linux: no figures
        }
        long ours;
        try (Stream<ProcessHandle> tree = Stream.concat(
                Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())) {
            ours = tree.mapToLong(process -> ticks(process.pid())).sum();
        }
        return new Sample(System.nanoTime(), cpu, ours);
    }

    /** The cores, this JVM's options and the writer's. */
    static String machine(List<String> writerJvm) {
        return String.format(
                "%d cores (%s), benchmark JVM %s %s, writer JVM %s",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                writerJvm);
    }

    /** The load average (1, 5, 15 min) now. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long ticks(long pid) {
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
     * The counters at one moment.
     *
     * @param cpu the aggregate line of /proc/stat: user nice system idle iowait irq softirq steal ...
     * @param ours the CPU ticks this JVM and its children used so far
     */
    record Sample(long nanos, long[] cpu, long ours) {

        /** Steal, how busy the machine was and who kept it busy, from {@code this} to {@code later}. */
        String until(Sample later) {
            if (cpu.length < 8 || later.cpu.length < 8) {
                return "steal n/a";
            }
            long total = 0;
            // guest time is counted in user already
            for (int i = 0; i < 8; i++) {
                total += later.cpu[i] - cpu[i];
            }
            if (total <= 0) {
                return "steal n/a";
            }
            long idle = later.cpu[3] - cpu[3] + later.cpu[4] - cpu[4];
            long steal = later.cpu[7] - cpu[7];
            double cores = Runtime.getRuntime().availableProcessors();
            double seconds = (later.nanos - nanos) / 1e9;
            double busy = 100.0 * (total - idle - steal) / total;
            double ourShare = 100.0 * (later.ours - ours) / TICKS_PER_SECOND / seconds / cores;
            return String.format(
                    "steal %.2f %%, CPU busy %.0f %% (this benchmark's processes %.0f %%, other load %.0f %%)",
                    100.0 * steal / total, busy, ourShare, Math.max(0, busy - ourShare));
        }

        /** The steal alone, in percent (NaN off Linux). */
        double stealPercent(Sample later) {
            if (cpu.length < 8 || later.cpu.length < 8) {
                return Double.NaN;
            }
            long total = 0;
            for (int i = 0; i < 8; i++) {
                total += later.cpu[i] - cpu[i];
            }
            return total <= 0 ? Double.NaN : 100.0 * (later.cpu[7] - cpu[7]) / total;
        }
    }
}
