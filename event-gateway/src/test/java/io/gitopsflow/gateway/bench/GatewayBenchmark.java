package io.gitopsflow.gateway.bench;

import io.gitopsflow.events.EventType;
import io.gitopsflow.gateway.bench.LoadGenerator.Result;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.bench.RunConditions;
import io.gitopsflow.testkit.bench.ScalingPlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): signed GitHub push webhooks sent at the packaged gateway over loopback, throughput and
 * latency to the 202 at several concurrencies, as a share of the raw Kafka producer's rate on the same broker in the
 * same run (acks=all, the same payloads), with the CPU the gateway (by thread), the broker and PostgreSQL spent per
 * webhook, the statuses the gateway answered (from its own metrics) and the conditions of the run. The load comes from
 * wrk (Debian's {@code wrk}) when installed, else from a Vert.x client ({@code -Dbench.client=vertx} forces it); either
 * way the gateway is first warmed up in rounds of {@code -Dbench.warmup-seconds} (15) at the highest concurrency until,
 * after {@code -Dbench.warmup-min-rounds} (6), a round's throughput is within 5 % of the one before (at most
 * {@code -Dbench.warmup-rounds}, 10). Run it with
 * {@code ./mvnw -B install -DskipTests && cd event-gateway && ../mvnw -B -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.gitopsflow.gateway.bench.GatewayBenchmark -Dexec.args="15 8,16,32,64"}. Arguments (optional):
 * seconds of each measured run, concurrencies. The report goes to {@code target/benchmark-event-gateway.txt}, the
 * scaling plot to {@code target/benchmark-event-gateway.svg}.
 */
public final class GatewayBenchmark {

    private static final String SECRET = "benchmark-secret";

    private GatewayBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<Integer> concurrencies = Arrays.stream((args.length > 1 ? args[1] : "8,16,32,64").split(","))
                .map(Integer::valueOf)
                .toList();

        KafkaCluster kafka = KafkaCluster.shared();
        kafka.createTopics(3, List.of(EventType.COMMIT_PUSHED.topic(), EventType.IMAGE_PUBLISHED.topic()));
        TestPostgres postgres = TestPostgres.shared();
        postgres.createDatabase("gateway_benchmark");
        List<SignedPushes.Push> pushes = SignedPushes.of(200, SECRET);
        RawProducer raw = new RawProducer(kafka.bootstrapServers(), pushes);
        double rawBefore = raw.rate(Math.max(20_000, seconds * 2_000));

        int port = TestFolders.freePort();
        long starting = System.nanoTime();
        Process gateway = startGateway(port, kafka.bootstrapServers(), postgres);
        try {
            GatewayMetrics metrics = new GatewayMetrics(port);
            metrics.awaitReady();
            System.out.printf("gateway ready %d ms after its start%n", (System.nanoTime() - starting) / 1_000_000);
            LoadGenerator load =
                    "vertx".equals(System.getProperty("bench.client")) ? null : WrkLoad.installed(port, pushes);
            load = load == null ? new VertxLoad(port, pushes) : load;
            String warmup = warmUp(load, Collections.max(concurrencies));
            List<String> rows = new ArrayList<>();
            ScalingPlot plot = new ScalingPlot(
                    "event-gateway: signed webhooks per second", "concurrent connections", "webhooks/s");
            StringBuilder details = new StringBuilder();
            for (int concurrency : concurrencies) {
                Measured measured = measure(load, metrics, gateway.pid(), concurrency, seconds);
                rows.add(measured.row(concurrency));
                details.append(measured.details());
                plot.add("event-gateway", concurrency, measured.result().throughput());
            }
            double rawAfter = raw.rate(Math.max(20_000, seconds * 2_000));
            Map<Integer, Double> rawInFlight = new LinkedHashMap<>();
            for (int concurrency : concurrencies) {
                plot.add("raw Kafka producer (acks=all)", concurrency, Math.max(rawBefore, rawAfter));
                rawInFlight.put(concurrency, raw.rate(Math.max(20_000, seconds * 2_000), concurrency));
                plot.add("raw producer, as many records in flight", concurrency, rawInFlight.get(concurrency));
            }
            String report =
                    report(load, new double[] {rawBefore, rawAfter}, rawInFlight, warmup, rows, details, metrics)
                            + conditions.describe(load.describe());
            System.out.print(report);
            Files.writeString(Path.of("target", "benchmark-event-gateway.txt"), report);
            plot.write(Path.of("target", "benchmark-event-gateway.svg"));
        } finally {
            gateway.destroy();
            gateway.waitFor(15, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /**
     * Warms the gateway up at {@code concurrency} in rounds until a round's throughput is within 5 % of the one
     * before: on 2 cores the JIT keeps compiling for well over a minute, and a run measured before that measures the
     * compiler. Whatever generates the load, the same rounds.
     */
    private static String warmUp(LoadGenerator load, int concurrency) throws IOException, InterruptedException {
        int maxRounds = Integer.getInteger("bench.warmup-rounds", 10);
        // two rounds alike can be a pause of the compiler, not its end: 1,315, 1,948, 1,894 webhooks/s, then the
        // measured runs went on climbing to 4,698 (2026-12-06); on 2 cores it took 7 rounds on 2026-12-02
        int minRounds = Math.min(maxRounds, Integer.getInteger("bench.warmup-min-rounds", 6));
        int roundSeconds = Integer.getInteger("bench.warmup-seconds", 15);
        StringBuilder rounds = new StringBuilder();
        double previous = 0;
        for (int round = 1; round <= maxRounds; round++) {
            double throughput =
                    load.run(concurrency, roundSeconds, "warmup-" + round).throughput();
            rounds.append(String.format(" %.0f", throughput));
            if (round >= minRounds && Math.abs(throughput - previous) <= 0.05 * previous) {
                break;
            }
            previous = throughput;
        }
        return rounds.toString();
    }

    /** One measured run and what it cost. */
    private record Measured(Result result, Map<Integer, Long> statuses, double cpuPerWebhook, String details) {

        String row(int concurrency) {
            return String.format(
                    "| %d | %.0f | %.2f | %.2f | %.2f | %s | %.3f |%n",
                    concurrency,
                    result.throughput(),
                    result.percentile(50),
                    result.percentile(99),
                    result.percentile(99.9),
                    statuses,
                    cpuPerWebhook);
        }
    }

    /** Runs once and reports throughput, latency, statuses and the CPU each process and gateway thread spent. */
    private static Measured measure(
            LoadGenerator load, GatewayMetrics metrics, long gatewayPid, int concurrency, int seconds)
            throws IOException, InterruptedException {
        Map<Integer, Long> statusesBefore = metrics.webhookStatuses();
        long cpuBefore = ProcessCpu.of(gatewayPid);
        Map<String, Long> threadsBefore = ProcessCpu.byThread(gatewayPid);
        Map<String, Long> processesBefore = ProcessCpu.byProcess(gatewayPid);
        Result result = load.run(concurrency, seconds, "run-" + concurrency);
        long webhooks = Math.max(1, result.answers());
        double cpuPerWebhook = (ProcessCpu.of(gatewayPid) - cpuBefore) / 1e6 / webhooks;
        Map<String, Long> threadsAfter = ProcessCpu.byThread(gatewayPid);
        Map<String, Long> processesAfter = ProcessCpu.byProcess(gatewayPid);
        Map<Integer, Long> statuses = GatewayMetrics.difference(statusesBefore, metrics.webhookStatuses());
        String processes = processesAfter.entrySet().stream()
                .map(e -> String.format(
                        "      %-30s %.3f ms per webhook%n",
                        e.getKey(), (e.getValue() - processesBefore.getOrDefault(e.getKey(), 0L)) / 1e6 / webhooks))
                .reduce("    CPU by process:%n".formatted(), String::concat);
        String threads = threadsAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() >= 1_000_000L)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format("      %-30s %.3f ms per webhook%n", e.getKey(), e.getValue() / 1e6 / webhooks))
                .reduce("    gateway CPU by thread:%n".formatted(), String::concat);
        String details = String.format(
                        "  %d concurrent: %d webhooks, %d failed as the load generator saw them, max %.2f ms%n",
                        concurrency, result.answers(), result.errors(), result.percentile(100))
                + processes
                + threads;
        return new Measured(result, statuses, cpuPerWebhook, details);
    }

    private static String report(
            LoadGenerator load,
            double[] rawBeforeAfter,
            Map<Integer, Double> rawInFlight,
            String warmup,
            List<String> rows,
            StringBuilder details,
            GatewayMetrics metrics)
            throws IOException, InterruptedException {
        double raw = Math.max(rawBeforeAfter[0], rawBeforeAfter[1]);
        StringBuilder table = new StringBuilder(
                "| concurrent | webhooks/s | p50 ms | p99 ms | p99.9 ms | answered (status=count) | gateway CPU ms/webhook"
                        + " |\n|---|---|---|---|---|---|---|\n");
        rows.forEach(table::append);
        StringBuilder shares = new StringBuilder();
        StringBuilder inFlightShares = new StringBuilder();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            int concurrency = Integer.parseInt(cells[1].trim());
            double webhooks = Double.parseDouble(cells[2].trim());
            shares.append(String.format(" %d: %.0f %%;", concurrency, 100 * webhooks / raw));
            inFlightShares.append(String.format(
                    " %d: %.0f %% of %.0f/s;",
                    concurrency, 100 * webhooks / rawInFlight.get(concurrency), rawInFlight.get(concurrency)));
        }
        return String.format(
                "event-gateway benchmark (signed GitHub push webhooks, loopback, load from %s)%n"
                        + "  raw Kafka producer on the same broker (acks=all, the same payloads): %.0f records/s before"
                        + " the gateway ran, %.0f after%n  warm-up rounds (webhooks/s):%s%n%s"
                        + "  gateway throughput as a share of the raw producer's (the higher of the two):%s%n"
                        + "  ... and of the raw producer's with as many records in flight as concurrent webhooks"
                        + " (each sender waiting for its acknowledgement, as each webhook waits for its 202):%s%n%s%s",
                load.describe(),
                rawBeforeAfter[0],
                rawBeforeAfter[1],
                warmup,
                table,
                shares,
                inFlightShares,
                details,
                metrics.stepLines());
    }

    private static Process startGateway(int port, String bootstrap, TestPostgres postgres) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run ./mvnw -B install -DskipTests");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.datasource.reactive.url=" + postgres.reactiveUrl("gateway_benchmark"),
                "-Dquarkus.datasource.jdbc.url=" + postgres.jdbcUrl("gateway_benchmark"),
                "-Dquarkus.datasource.username=" + TestPostgres.USER,
                "-Dquarkus.datasource.password=" + TestPostgres.PASSWORD,
                "-Dgitops-flow.gateway.secrets.default=" + SECRET,
                "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.console.json.enabled=false"));
        // e.g. -Dbench.gateway-options="-Dquarkus.micrometer.binder.http-server.enabled=false" to weigh a feature
        String extra = System.getProperty("bench.gateway-options", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "benchmark-event-gateway.log").toFile())
                .start();
    }
}
