package io.gitopsflow.local.bench;

import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.local.EventFeed;
import io.gitopsflow.local.LocalStack;
import io.gitopsflow.local.SamplePush;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.bench.RunConditions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stack benchmark of issue 8: start-up time of the local stack, resident memory of every process, and the
 * latency from a signed push webhook to dev's {@code manifest-updated} over {@code N} pushes (build included), with
 * where the time goes (to the 202, {@code commit-pushed}, {@code image-published}, {@code promotion-requested},
 * {@code manifest-updated}, and dev's {@code analysis-completed}). Pushes go one after the other, each once dev has
 * verified the previous one, as a team pushing in turn would.
 *
 * <p>Run: {@code ./mvnw -B install -DskipTests}, then {@code cd local && ../mvnw -B -q exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.local.bench.LocalStackBenchmark -Dexec.args=20}.
 */
public final class LocalStackBenchmark {

    private static final Duration STEP = Duration.ofMinutes(3);

    private LocalStackBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        int pushes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = Path.of(System.getProperty("gitopsflow.root", "..")).toAbsolutePath();
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(root, false, System.out);
        long upMillis = (System.nanoTime() - started) / 1_000_000;
        try (EventFeed feed = EventFeed.start(stack.kafka().bootstrapServers())) {
            printStart(stack, upMillis);
            Thread.sleep(Long.getLong("bench.first-push-delay-ms", 0));
            SamplePush git = new SamplePush(stack.git(), stack.url("event-gateway"));
            List<long[]> steps = new ArrayList<>();
            List<String> commits = new ArrayList<>();
            for (int i = 1; i <= pushes; i++) {
                SamplePush.Push push = git.commit(
                        "Change " + i, Map.of("site/index.html", "<h1>books-api</h1>\n<p>change " + i + "</p>\n"));
                commits.add(push.after());
                steps.add(push(git, push, feed, i));
            }
            printSteps(steps);
            System.out.printf(
                    "%nthe first push (cold) as the console's timeline shows it:%n%s",
                    ConsoleTimeline.of(stack, commits.get(0)));
            System.out.printf(
                    "%nthe last push as the console's timeline shows it:%n%s",
                    ConsoleTimeline.of(stack, commits.get(commits.size() - 1)));
            System.out.printf("%nmemory after the pushes (MiB):%n  %-30s %8s %8s%n", "process", "VmRSS", "Pss");
            for (Map.Entry<String, long[]> process : memory(stack).entrySet()) {
                System.out.printf(
                        Locale.ROOT,
                        "  %-30s %8.0f %8.0f%n",
                        process.getKey(),
                        process.getValue()[0] / 1024.0,
                        process.getValue()[1] / 1024.0);
            }
        } finally {
            stack.close();
        }
        System.out.print(conditions.describe());
        System.exit(0);
    }

    /** How long the start took, and how much CPU it used: on two cores, the least wall time that CPU needs. */
    private static void printStart(LocalStack stack, long upMillis) {
        System.out.printf(
                "%nstart-up: infrastructure %,d ms, services (started together) %s, everything ready %,d ms%n",
                stack.infrastructureMillis(), stack.readyMillis(), upMillis);
        Map<String, Long> startCpu = cpuMillis(stack);
        long cpuTotal = startCpu.values().stream().mapToLong(Long::longValue).sum();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                Locale.ROOT,
                "CPU time the start used (ms): %s; %,d ms in all, %,d ms of wall time at least on %d cores%n",
                startCpu,
                cpuTotal,
                cpuTotal / cores,
                cores);
    }

    /** Sends one push and follows it to dev's verification: ms from the webhook to each step. */
    private static long[] push(SamplePush git, SamplePush.Push push, EventFeed feed, int number)
            throws IOException, InterruptedException {
        Instant sent = Instant.now();
        long sentNanos = System.nanoTime();
        HttpResponse<String> response = git.send(push);
        long acceptedMillis = (System.nanoTime() - sentNanos) / 1_000_000;
        if (response.statusCode() != 202) {
            throw new IllegalStateException("push " + number + ": " + response.statusCode() + " " + response.body());
        }
        String sha = push.after();
        long pushed = since(sent, feed.await(CommitPushed.class, c -> sha.equals(c.after()), STEP));
        long built = since(
                sent,
                feed.await(
                        ImagePublished.class,
                        p -> p.source() != null && sha.equals(p.source().commit()),
                        STEP));
        long requested = since(
                sent,
                feed.await(
                        PromotionRequested.class, r -> "dev".equals(r.stage()) && sha.equals(r.sourceCommit()), STEP));
        String tagPrefix = "main-" + sha.substring(0, 7) + "-";
        EventFeed.Received written = feed.await(
                ManifestUpdated.class,
                m -> "dev".equals(m.stage())
                        && m.status() == ManifestUpdated.Status.COMMITTED
                        && m.newValue() != null
                        && m.newValue().startsWith(tagPrefix),
                STEP);
        String promotionId = written.as(ManifestUpdated.class).orElseThrow().promotionId();
        EventFeed.Received verified =
                feed.await(AnalysisCompleted.class, a -> promotionId.equals(a.promotionId()), STEP);
        long[] steps = {acceptedMillis, pushed, built, requested, since(sent, written), since(sent, verified)};
        System.out.printf(
                Locale.ROOT,
                "push %2d %s: 202 %4d ms · commit-pushed %5d · image-published %5d · promotion-requested"
                        + " %5d · manifest-updated %5d · analysis-completed %5d (%s)%n",
                number,
                sha.substring(0, 7),
                steps[0],
                steps[1],
                steps[2],
                steps[3],
                steps[4],
                steps[5],
                verified.as(AnalysisCompleted.class).orElseThrow().phase());
        return steps;
    }

    private static void printSteps(List<long[]> steps) {
        System.out.printf("%nwebhook → … over %d pushes (ms):%n", steps.size());
        String[] names = {
            "202 Accepted",
            "commit-pushed",
            "image-published",
            "promotion-requested",
            "dev manifest-updated",
            "dev analysis-completed"
        };
        for (int column = 0; column < names.length; column++) {
            int c = column;
            long[] values = steps.stream().mapToLong(s -> s[c]).sorted().toArray();
            System.out.printf(
                    Locale.ROOT,
                    "  %-24s p50 %6d  p99 %6d  min %6d  max %6d%n",
                    names[column],
                    percentile(values, 50),
                    percentile(values, 99),
                    values[0],
                    values[values.length - 1]);
        }
    }

    private static long since(Instant sent, EventFeed.Received received) {
        return Duration.between(sent, received.producedAt()).toMillis();
    }

    private static long percentile(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * KiB per process, resident (VmRSS) and proportional (Pss: shared pages divided among the processes sharing
     * them, so PostgreSQL's shared buffers count once): the services, and the infrastructure processes this JVM
     * started.
     */
    private static Map<String, long[]> memory(LocalStack stack) {
        Map<String, long[]> memory = new LinkedHashMap<>();
        processes(stack).forEach((name, pids) -> {
            long[] sum = memory.computeIfAbsent(name, n -> new long[2]);
            for (long pid : pids) {
                sum[0] += residentKib(pid);
                sum[1] += field(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss:");
            }
        });
        return memory;
    }

    /** The CPU time each part of the stack has used so far, in ms (right after the start: what its start took). */
    private static Map<String, Long> cpuMillis(LocalStack stack) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        processes(stack)
                .forEach((name, pids) -> cpu.put(
                        name,
                        pids.stream()
                                .map(ProcessHandle::of)
                                .flatMap(java.util.Optional::stream)
                                .mapToLong(process -> process.info()
                                        .totalCpuDuration()
                                        .map(Duration::toMillis)
                                        .orElse(0L))
                                .sum()));
        return cpu;
    }

    /** The stack's processes by name: the services, the infrastructure's, PostgreSQL's, this JVM. */
    private static Map<String, List<Long>> processes(LocalStack stack) {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceProcess> service : stack.services().entrySet()) {
            processes
                    .computeIfAbsent(service.getKey(), n -> new ArrayList<>())
                    .add(service.getValue().pid());
        }
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            String command = commandLine(child.pid());
            if (command.contains("quarkus-run.jar") || command.contains("postgres")) {
                continue;
            }
            String name = command.contains("KafkaBrokerMain") || command.contains("kafka")
                    ? "Kafka broker"
                    : command.contains("docker-registry")
                            ? "docker-registry"
                            : command.contains("prometheus") ? "Prometheus" : "other";
            processes.computeIfAbsent(name, n -> new ArrayList<>()).add(child.pid());
        }
        // PostgreSQL's server detaches from this JVM (pg_ctl): its processes name its folder on their command line
        String postgres = TestPostgres.shared().folder().toString();
        ProcessHandle.allProcesses()
                .filter(process -> commandLine(process.pid()).contains(postgres))
                .flatMap(server ->
                        java.util.stream.Stream.concat(java.util.stream.Stream.of(server), server.descendants()))
                .map(ProcessHandle::pid)
                .distinct()
                .forEach(pid -> processes
                        .computeIfAbsent("PostgreSQL (all processes)", n -> new ArrayList<>())
                        .add(pid));
        processes.put(
                "this JVM (Git server, feed)", List.of(ProcessHandle.current().pid()));
        return processes;
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The resident memory (VmRSS) of process {@code pid}, in KiB; 0 when it cannot be read. */
    public static long residentKib(long pid) {
        return field(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:");
    }

    /** The KiB value of the line starting with {@code key}, or 0. */
    private static long field(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst()
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
