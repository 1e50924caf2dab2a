package io.gitopsflow.console.bench;

import io.gitopsflow.console.web.LocalUsersMechanism;
import io.gitopsflow.testkit.Browser;
import io.gitopsflow.testkit.KafkaCluster;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.bench.RunConditions;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Benchmark (not a test) of issue 21's targets for the web console, against the packaged console in its own process
 * with the real broker and PostgreSQL on this machine, signed in as a local user (the cookie a browser keeps):
 *
 * <ol>
 *   <li>the board page's server time with 1,000 Freight and 10,000 promotions in one pipeline's read model (target
 *       p95 &lt; 100 ms): the round trip of {@code GET /ui/pipelines/{p}} (the full page) and of {@code GET
 *       /ui/pipelines/{p}/board} (the live region's fragment) on loopback, an upper bound of the server's time, and
 *       the server's own mean and max from {@code http_server_requests_seconds} at {@code /q/metrics};
 *   <li>an event appended to Kafka → visible in a real browser's DOM (target p50 &lt; 300 ms, p99 &lt; 1 s), see
 *       {@link DomLatency}.
 * </ol>
 *
 * <p>The read model is built as in production: {@link BenchmarkHistory}'s events for one pipeline of 1,000 commits are
 * on the topics before the console starts, and its projection reads them (about 96,000 events).
 *
 * <p>Run (from {@code console/}, after the console is packaged): {@code ../mvnw -B -q -o exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.gitopsflow.console.bench.WebConsoleBenchmark -Dexec.args="1000 500
 * 200"} (commits of the pipeline, requests per page, appended events). The summary is appended to {@code
 * target/web-benchmark.txt}.
 */
public final class WebConsoleBenchmark {

    /** The session cookie of the local users' sign-in, which the browser keeps. */
    static final String SESSION_COOKIE = LocalUsersMechanism.COOKIE;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String USER = "viewer";

    private WebConsoleBenchmark() {}

    public static void main(String[] args) throws Exception {
        RunConditions conditions = RunConditions.start();
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int appended = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String run = UUID.randomUUID().toString().substring(0, 8);
        KafkaCluster kafka = KafkaCluster.shared();
        ConsoleBenchmark.createTopics(kafka, run);
        TestPostgres postgres = TestPostgres.shared();
        String database = "web_bench_" + run;
        postgres.createDatabase(database);
        List<String> summary = new ArrayList<>();
        summary.add("web console benchmark " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", load before: "
                + loadAverage());
        try (KafkaProducer<String, byte[]> producer = ConsoleBenchmark.producer(kafka.bootstrapServers())) {
            int events = ConsoleBenchmark.publishHistory(producer, run, 1, commits, new ArrayList<>());
            summary.add(
                    String.format("read model: one pipeline, %,d events of %,d commits (Freight)", events, commits));
            try (ServiceProcess console = ConsoleBenchmark.startConsole(
                    kafka, postgres, database, run, localUsers(TestFolders.newFolder("web-bench-users")))) {
                ConsoleBenchmark.catchUp(postgres, database, events);
                summary.add("promotions in the read model: "
                        + ConsoleBenchmark.one(postgres, database, "select count(*) from promotion"));
                String cookie = signIn(console);
                String pipeline = BenchmarkHistory.pipeline(0);
                summary.addAll(pageTimes(console, cookie, "/ui/pipelines/" + pipeline, requests));
                summary.addAll(pageTimes(console, cookie, "/ui/pipelines/" + pipeline + "/board", requests));
                if (Browser.available()) {
                    summary.add(new DomLatency(console, cookie, producer, run, pipeline).measure(appended));
                } else {
                    summary.add("append -> DOM: skipped, " + Browser.unavailableReason());
                }
            }
        }
        summary.add("load after: " + loadAverage());
        summary.add(conditions.describe().trim());
        Path file = Path.of("target", "web-benchmark.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                String.join(System.lineSeparator(), summary) + System.lineSeparator() + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println(String.join(System.lineSeparator(), summary));
        System.out.println("appended to " + file.toAbsolutePath());
        System.exit(0);
    }

    /** The settings of the local users' sign-in, with {@code viewer.jwt} in {@code folder} signed by the test key. */
    private static Map<String, String> localUsers(Path folder) throws Exception {
        Files.writeString(folder.resolve(USER + ".jwt"), JwtTestResource.token(USER));
        return Map.of(
                "gitops-flow.console.ui.sign-in",
                "local-users",
                "gitops-flow.console.ui.local-users",
                folder.toString());
    }

    /** Signs in as {@link #USER} the way the sign-in page's form does; returns the session cookie's value. */
    private static String signIn(ServiceProcess console) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(console.url() + "/ui/sign-in"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("user=" + USER, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String prefix = SESSION_COOKIE + "=";
        return answer.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith(prefix))
                .map(value ->
                        value.substring(prefix.length(), value.indexOf(';') < 0 ? value.length() : value.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "the sign-in answered " + answer.statusCode() + " without a session: " + answer.body()));
    }

    /**
     * Half {@code count} requests of warm-up, then {@code count} timed ones of {@code path}, one at a time; returns the
     * round trip's quantiles and the server's own figures for the same requests.
     */
    private static List<String> pageTimes(ServiceProcess console, String cookie, String path, int count)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(console.url() + path))
                .header("Cookie", SESSION_COOKIE + "=" + cookie)
                .header("Accept", "text/html")
                .build();
        for (int i = 0; i < count / 2; i++) {
            ConsoleBenchmark.expectOk(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        ServerTimes before = ServerTimes.read(console.url());
        List<Double> millis = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            long began = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            millis.add((System.nanoTime() - began) / 1e6);
            ConsoleBenchmark.expectOk(answer);
            bytes += answer.body().length();
        }
        ServerTimes after = ServerTimes.read(console.url());
        List<String> lines = new ArrayList<>();
        lines.add(ConsoleBenchmark.report(String.format("GET %s round trip (%,d chars)", path, bytes / count), millis));
        lines.add("GET " + path + " server side: " + after.since(before, path));
        System.out.println(lines.get(1));
        return lines;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
