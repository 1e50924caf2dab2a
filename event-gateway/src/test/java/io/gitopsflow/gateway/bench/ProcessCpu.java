package io.gitopsflow.gateway.bench;

import io.gitopsflow.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The CPU time (user + system, from /proc) of this run's gateway by thread, its broker and its PostgreSQL. */
final class ProcessCpu {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private ProcessCpu() {}

    /** CPU time the process has used so far. */
    static long of(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) * NANOS_PER_TICK;
    }

    /**
     * CPU time of this run's gateway, broker (a child of this JVM) and PostgreSQL (the server started on this run's
     * folder, and its backends); other processes on the machine are not this benchmark's.
     */
    static Map<String, Long> byProcess(long gatewayPid) throws IOException {
        Map<String, Long> byRole = new TreeMap<>();
        byRole.put("event-gateway", of(gatewayPid));
        List<ProcessHandle> brokers = ProcessHandle.current()
                .descendants()
                .filter(process -> commandLine(process).contains("KafkaBrokerMain"))
                .toList();
        String postgresFolder = TestPostgres.shared().folder().toString();
        List<ProcessHandle> postgres = ProcessHandle.allProcesses()
                .filter(process -> commandLine(process).contains(postgresFolder))
                .flatMap(server -> Stream.concat(Stream.of(server), server.descendants()))
                .distinct()
                .toList();
        byRole.put("kafka broker", sum(brokers));
        byRole.put("postgresql", sum(postgres));
        return byRole;
    }

    /** CPU time per thread name of the process (numbers dropped, so a pool counts as one). */
    static Map<String, Long> byThread(long pid) throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+", "#");
                    byName.merge(name, ticks(stat) * NANOS_PER_TICK, Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return byName;
    }

    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }

    private static long sum(List<ProcessHandle> processes) {
        long total = 0;
        for (ProcessHandle process : processes) {
            try {
                total += of(process.pid());
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return total;
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"))
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
