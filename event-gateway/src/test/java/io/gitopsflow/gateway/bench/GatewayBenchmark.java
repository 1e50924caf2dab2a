package io.gitopsflow.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark (not a test): signed GitHub push webhooks sent at the packaged gateway over loopback, throughput and
 * latency to the 202 at several concurrencies, beside the raw Kafka producer rate on the same broker in the same run,
 * and the CPU the gateway (by thread), the broker and PostgreSQL spent per webhook. The load comes from wrk (Debian's
 * {@code wrk}, C, one thread) when installed, else from a Vert.x client ({@code -Dbench.client=vertx} forces it); the
 * gateway is warmed up first in rounds of {@code -Dbench.warmup-seconds} (15) at the highest concurrency until a
 * round's throughput is within 5 % of the one before (at most {@code -Dbench.warmup-rounds}, 10). Run it with
 * {@code ./mvnw -B install -DskipTests && cd event-gateway && ../mvnw -B -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.gitopsflow.gateway.bench.GatewayBenchmark -Dexec.args="15 8,16,32,64"}. Arguments (optional):
 * seconds of each measured run, concurrencies.
 */
public final class GatewayBenchmark {

    private static final String SECRET = "benchmark-secret";

    private GatewayBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int requests = seconds * 1_000;
        List<Integer> concurrencies = Arrays.stream((args.length > 1 ? args[1] : "8,16,32,64").split(","))
                .map(Integer::valueOf)
                .toList();

        KafkaCluster kafka = KafkaCluster.shared();
        kafka.createTopics(3, List.of(EventType.COMMIT_PUSHED.topic(), EventType.IMAGE_PUBLISHED.topic()));
        TestPostgres postgres = TestPostgres.shared();
        postgres.createDatabase("gateway_benchmark");

        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bodies.add(push(i));
        }
        double kafkaRate = rawKafkaRate(kafka.bootstrapServers(), bodies, requests);

        int port = TestFolders.freePort();
        Process gateway = startGateway(port, kafka.bootstrapServers(), postgres);
        try {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(java.util.concurrent.Executors.newFixedThreadPool(4))
                    .build();
            awaitReady(client, port);
            URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/github");

            boolean wrk = useWrk();
            // warm-up: JIT, pools, connections
            String warmup = "";
            if (wrk) {
                // at the highest concurrency (the JIT compiles the hot paths sooner), in rounds until the throughput
                // of a round is within 5 % of the one before (at most bench.warmup-rounds): on 2 cores the JIT
                // keeps compiling for well over a minute, and a run measured before that measures the compiler
                int maxRounds = Integer.getInteger("bench.warmup-rounds", 10);
                int roundSeconds = Integer.getInteger("bench.warmup-seconds", 15);
                double previous = 0;
                for (int round = 1; round <= maxRounds; round++) {
                    Result result = runWrk(
                            port, bodies, java.util.Collections.max(concurrencies), roundSeconds, "warmup-" + round);
                    warmup += String.format(" %.0f", result.throughput());
                    if (previous > 0 && Math.abs(result.throughput() - previous) <= 0.05 * previous) {
                        break;
                    }
                    previous = result.throughput();
                }
            } else {
                run(client, uri, bodies, Math.min(5_000, requests), concurrencies.get(0));
            }
            String report = String.format(
                    "event-gateway benchmark (signed GitHub push webhooks, loopback, %d cores, load from %s)%n"
                            + "  raw Kafka producer on the same broker (acks=all, same payloads): %.0f records/s%n"
                            + "  warm-up rounds (webhooks/s):%s%n",
                    Runtime.getRuntime().availableProcessors(),
                    wrk ? "wrk (C, one thread)" : "Vert.x client (one event loop)",
                    kafkaRate,
                    warmup);
            for (int concurrency : concurrencies) {
                report += measure(
                        gateway.pid(),
                        concurrency,
                        () -> wrk
                                ? runWrk(port, bodies, concurrency, seconds, "run-" + concurrency)
                                : run(client, uri, bodies, requests, concurrency));
            }
            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            report += metrics.body()
                    .lines()
                    .filter(line -> line.startsWith("gitopsflow_gateway_webhooks_total")
                            || line.startsWith("gitopsflow_gateway_step_seconds_sum")
                            || line.startsWith("gitopsflow_gateway_step_seconds_count")
                            || line.startsWith("gitopsflow_gateway_step_seconds_max"))
                    .map(line -> "  " + line + "\n")
                    .reduce("", String::concat);
            System.out.print(report);
            Files.writeString(Path.of("target", "benchmark-event-gateway.txt"), report);
        } finally {
            gateway.destroy();
            gateway.waitFor(15, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private record Result(double throughput, long[] nanos, Map<Integer, Integer> statuses, Map<Double, Double> given) {

        Result(double throughput, long[] nanos, Map<Integer, Integer> statuses) {
            this(throughput, nanos, statuses, Map.of());
        }

        double percentile(double p) {
            if (given.containsKey(p)) {
                return given.get(p);
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1_000_000.0;
        }
    }

    /** One measured run. */
    private interface Run {
        Result run() throws IOException, InterruptedException;
    }

    /** Runs once and reports throughput, latency and the CPU each process and gateway thread spent per webhook. */
    private static String measure(long gatewayPid, int concurrency, Run run) throws IOException, InterruptedException {
        long cpuBefore = cpuNanos(gatewayPid);
        Map<String, Long> threadsBefore = threadCpuNanos(gatewayPid);
        Map<String, Long> processesBefore = processCpuNanos(gatewayPid);
        Result result = run.run();
        int webhooks = result.nanos().length;
        double cpuPerWebhook = (cpuNanos(gatewayPid) - cpuBefore) / 1e6 / webhooks;
        Map<String, Long> threadsAfter = threadCpuNanos(gatewayPid);
        Map<String, Long> processesAfter = processCpuNanos(gatewayPid);
        String processReport = processesAfter.entrySet().stream()
                .map(e -> String.format(
                        "      %-30s %.3f ms per webhook%n",
                        e.getKey(), (e.getValue() - processesBefore.getOrDefault(e.getKey(), 0L)) / 1e6 / webhooks))
                .reduce("    CPU by process:%n".formatted(), String::concat);
        String threadReport = threadsAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() >= 1_000_000L)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format("      %-30s %.3f ms per webhook%n", e.getKey(), e.getValue() / 1e6 / webhooks))
                .reduce("    gateway CPU by thread:%n".formatted(), String::concat);
        return String.format(
                        "  %d concurrent: %.0f webhooks/s (%d webhooks), latency to 202 p50 %.2f ms, p99 %.2f ms,"
                                + " p99.9 %.2f ms, max %.2f ms; statuses %s; gateway CPU %.3f ms per webhook%n",
                        concurrency,
                        result.throughput(),
                        webhooks,
                        result.percentile(50),
                        result.percentile(99),
                        result.percentile(99.9),
                        result.percentile(100),
                        result.statuses(),
                        cpuPerWebhook)
                + processReport
                + threadReport;
    }

    /** wrk (C, one thread: ~0.1 core) unless {@code -Dbench.client=vertx} or wrk is not installed. */
    private static boolean useWrk() {
        if ("vertx".equals(System.getProperty("bench.client"))) {
            return false;
        }
        try {
            return new ProcessBuilder("wrk", "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    >= 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** CPU time (user + system) the process has used so far, from /proc. */
    private static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /**
     * CPU time of this run's gateway, broker (a child of this JVM) and PostgreSQL (the server started on this run's
     * folder, and its backends); other processes on the machine are not this benchmark's.
     */
    private static Map<String, Long> processCpuNanos(long gatewayPid) throws IOException {
        Map<String, Long> byRole = new java.util.TreeMap<>();
        byRole.put("event-gateway", cpuNanos(gatewayPid));
        List<ProcessHandle> brokers = ProcessHandle.current()
                .descendants()
                .filter(process -> commandLine(process).contains("KafkaBrokerMain"))
                .toList();
        String postgresFolder = TestPostgres.shared().folder().toString();
        List<ProcessHandle> postgres = ProcessHandle.allProcesses()
                .filter(process -> commandLine(process).contains(postgresFolder))
                .flatMap(server ->
                        java.util.stream.Stream.concat(java.util.stream.Stream.of(server), server.descendants()))
                .distinct()
                .toList();
        byRole.put("kafka broker", cpuNanos(brokers));
        byRole.put("postgresql", cpuNanos(postgres));
        return byRole;
    }

    private static long cpuNanos(List<ProcessHandle> processes) {
        long total = 0;
        for (ProcessHandle process : processes) {
            try {
                total += cpuNanos(process.pid());
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

    /** CPU time per thread name (numbers dropped, so a pool counts as one), from /proc. */
    private static Map<String, Long> threadCpuNanos(long pid) throws IOException {
        Map<String, Long> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    byName.merge(name, ticks * 10_000_000L, Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return byName;
    }

    /**
     * Runs wrk for {@code seconds} with {@code concurrency} connections; each request a signed push with its own
     * delivery id. Latencies come from wrk's own histogram.
     */
    private static Result runWrk(int port, List<byte[]> bodies, int concurrency, int seconds, String run)
            throws IOException, InterruptedException {
        Path folder = Files.createDirectories(Path.of("target", "benchmark-wrk"));
        StringBuilder table = new StringBuilder("return {\n");
        for (byte[] body : bodies) {
            table.append("{sig=\"sha256=")
                    .append(hmac(body))
                    .append("\", body=[==[")
                    .append(new String(body, StandardCharsets.UTF_8))
                    .append("]==]},\n");
        }
        Files.writeString(folder.resolve("bodies.lua"), table.append("}\n"));
        String event = System.getProperty("bench.event", "push");
        String script = """
                local bodies = dofile("%s")
                local threads = 0
                function setup(thread) threads = threads + 1; thread:set("tid", threads) end
                local prefix, n = "", 0
                function init(args) prefix = args[1] .. "-" .. tid .. "-" end
                function request()
                  n = n + 1
                  local b = bodies[(n %% #bodies) + 1]
                  return wrk.format("POST", "/webhooks/github", {
                    ["Content-Type"] = "application/json", ["X-GitHub-Event"] = "%s",
                    ["X-GitHub-Delivery"] = prefix .. n, ["X-Hub-Signature-256"] = b.sig }, b.body)
                end
                function done(summary, latency, requests)
                  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests,
                    summary.duration, summary.errors.status, summary.errors.connect + summary.errors.read
                    + summary.errors.write + summary.errors.timeout, latency:percentile(50),
                    latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
                end
                """.formatted(folder.resolve("bodies.lua").toAbsolutePath(), event);
        Files.writeString(folder.resolve("push.lua"), script);
        Process wrk = new ProcessBuilder(
                        "wrk",
                        "-t1",
                        "-c" + concurrency,
                        "-d" + seconds + "s",
                        "--timeout",
                        "10s",
                        "-s",
                        folder.resolve("push.lua").toString(),
                        "http://127.0.0.1:" + port,
                        "--",
                        run + "-" + UUID.randomUUID())
                .redirectErrorStream(true)
                .start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        String line = output.lines()
                .filter(l -> l.startsWith("RESULT "))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk failed:\n" + output));
        long[] f = Arrays.stream(line.substring(7).trim().split(" "))
                .mapToLong(Long::parseLong)
                .toArray();
        long requests = f[0];
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        statuses.put(2, (int) (requests - f[2] - f[3]));
        if (f[2] > 0) {
            statuses.put(0, (int) f[2]); // non-2xx answers
        }
        if (f[3] > 0) {
            statuses.put(-1, (int) f[3]); // socket errors and timeouts
        }
        return new Result(
                requests / (f[1] / 1e6),
                new long[(int) requests],
                statuses,
                Map.of(50.0, f[4] / 1e3, 99.0, f[5] / 1e3, 99.9, f[6] / 1e3, 100.0, f[7] / 1e3));
    }

    /** Vert.x's non-blocking client on one event loop, so the load generator takes as little CPU as it can. */
    private static Result run(HttpClient client, URI uri, List<byte[]> bodies, int requests, int concurrency)
            throws InterruptedException {
        long[] nanos = new long[requests];
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(requests);
        AtomicInteger next = new AtomicInteger();
        List<String> signatures =
                bodies.stream().map(body -> "sha256=" + hmac(body)).toList();
        List<Buffer> buffers = bodies.stream().map(Buffer::buffer).toList();
        String event = System.getProperty("bench.event", "push");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        io.vertx.core.http.HttpClient http = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort())
                .setKeepAlive(true)
                .setMaxPoolSize(concurrency));
        long start = System.nanoTime();
        Runnable[] sendNext = new Runnable[1];
        sendNext[0] = () -> {
            int index = next.getAndIncrement();
            if (index >= requests) {
                return;
            }
            int body = index % buffers.size();
            long sent = System.nanoTime();
            http.request(HttpMethod.POST, uri.getPath())
                    .compose(request -> request.putHeader("Content-Type", "application/json")
                            .putHeader("X-GitHub-Event", event)
                            .putHeader("X-GitHub-Delivery", UUID.randomUUID().toString())
                            .putHeader("X-Hub-Signature-256", signatures.get(body))
                            .send(buffers.get(body))
                            .compose(response -> response.body().map(ignored -> response.statusCode())))
                    .onComplete(result -> {
                        nanos[index] = System.nanoTime() - sent;
                        statuses.merge(result.succeeded() ? result.result() : -1, 1, Integer::sum);
                        done.countDown();
                        sendNext[0].run();
                    });
        };
        vertx.runOnContext(ignored -> {
            for (int i = 0; i < concurrency; i++) {
                sendNext[0].run();
            }
        });
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        vertx.close();
        return new Result(requests / seconds, nanos, statuses);
    }

    private static double rawKafkaRate(String bootstrap, List<byte[]> bodies, int records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        1),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 2_000; i++) {
                producer.send(
                        new ProducerRecord<>("benchmark-warmup", "acme/books-api", bodies.get(i % bodies.size())));
            }
            producer.flush();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(
                        EventType.COMMIT_PUSHED.topic() + "-raw", "acme/books-api", bodies.get(i % bodies.size())));
            }
            producer.flush();
            return records / ((System.nanoTime() - start) / 1e9);
        }
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

    private static void awaitReady(HttpClient client, int port) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not become ready; see target/benchmark-event-gateway.log");
    }

    /** A push the size of a real one: two commits with a handful of files each. */
    private static byte[] push(int n) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode push = json.createObjectNode();
        String before = sha(n * 2);
        String after = sha(n * 2 + 1);
        push.put("ref", "refs/heads/main").put("before", before).put("after", after);
        ArrayNode commits = push.putArray("commits");
        for (String id : List.of(before.replace('0', '1'), after)) {
            ObjectNode commit = commits.addObject();
            commit.put("id", id).put("message", "Add books endpoint\n\nWith pagination and tests.");
            commit.put("timestamp", "2026-11-20T10:15:30+01:00");
            commit.put("url", "https://github.com/acme/books-api/commit/" + id);
            commit.putObject("author").put("name", "Ana García").put("email", "ana@example.com");
            commit.putArray("added").add("src/main/java/acme/books/BooksResource.java");
            commit.putArray("modified").add("pom.xml").add("src/main/resources/application.properties");
            commit.putArray("removed");
        }
        push.set("head_commit", commits.get(1).deepCopy());
        ObjectNode repository = push.putObject("repository");
        repository.put("full_name", "acme/books-api").put("name", "books-api");
        repository.put("clone_url", "https://github.com/acme/books-api.git");
        repository.put("html_url", "https://github.com/acme/books-api").put("default_branch", "main");
        push.putObject("pusher").put("name", "ana").put("email", "ana@example.com");
        return json.writeValueAsBytes(push);
    }

    private static String sha(int n) {
        return String.format("%040x", n + 1L).replace(' ', '0');
    }

    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
