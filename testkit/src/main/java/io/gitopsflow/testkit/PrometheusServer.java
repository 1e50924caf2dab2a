package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.mindrot.jbcrypt.BCrypt;

/**
 * A real Prometheus server for tests: Debian's {@code prometheus} on a free 127.0.0.1 port, its TSDB under the test
 * temp folder, scraping the given targets every second. Where the binary is not installed, {@link #available()} says
 * so and tests skip themselves. Stopped by {@link #close()} or when the JVM exits.
 */
public final class PrometheusServer implements AutoCloseable {

    /** Where Debian's package installs the binary; {@code gitopsflow.test.prometheus-binary} overrides it. */
    public static final Path BINARY =
            Path.of(System.getProperty("gitopsflow.test.prometheus-binary", "/usr/bin/prometheus"));

    private static final System.Logger LOG = System.getLogger(PrometheusServer.class.getName());

    private final Process process;
    private final Path folder;
    private final int port;
    private final long startMillis;
    private final String authorization;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, Path folder, int port, long startMillis, String authorization) {
        this.process = process;
        this.folder = folder;
        this.port = port;
        this.authorization = authorization;
        this.startMillis = startMillis;
    }

    /** True when Prometheus is installed ({@code apt-get install --no-install-recommends prometheus}). */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts Prometheus scraping {@code targets} ({@code host:port}, path {@code /metrics}) every second, and waits
     * until it is ready.
     */
    public static PrometheusServer start(List<String> targets) {
        return start(targets, null, null);
    }

    /**
     * As {@link #start(List)}, with its HTTP API behind basic authentication ({@code basic_auth_users} of Prometheus'
     * web configuration): a query without {@code username}'s credentials is answered 401.
     */
    public static PrometheusServer startWithBasicAuth(List<String> targets, String username, String password) {
        return start(targets, username, password);
    }

    private static PrometheusServer start(List<String> targets, String username, String password) {
        if (!available()) {
            throw new IllegalStateException(
                    BINARY + " is not installed: apt-get install --no-install-recommends prometheus");
        }
        long started = System.nanoTime();
        Path folder = TestFolders.newFolder("prometheus");
        int port = TestFolders.freePort();
        try {
            Path config = Files.writeString(
                    folder.resolve("prometheus.yml"),
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: 1s",
                            "  evaluation_interval: 1s",
                            "scrape_configs:",
                            "  - job_name: test",
                            "    scrape_interval: 1s",
                            "    scrape_timeout: 1s",
                            "    static_configs:",
                            "      - targets: ["
                                    + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + "]",
                            ""));
            List<String> command = new java.util.ArrayList<>(List.of(
                    BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + folder.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn"));
            String authorization = null;
            if (username != null) {
                Path web = Files.writeString(
                        folder.resolve("web.yml"),
                        "basic_auth_users:\n  " + username + ": " + BCrypt.hashpw(password, BCrypt.gensalt(6)) + "\n");
                command.add("--web.config.file=" + web);
                authorization = "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("prometheus.log").toFile())
                    .start();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            PrometheusServer server = new PrometheusServer(process, folder, port, millis, authorization);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "prometheus-stop"));
            server.awaitReady();
            LOG.log(
                    Level.INFO,
                    "Prometheus (pid {0}) ready at {1} in {2} ms, scraping {3}",
                    String.valueOf(process.pid()),
                    server.url(),
                    String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)),
                    targets);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Prometheus", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the address templates query. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The raw JSON answer of an instant query. */
    public String query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /**
     * Waits until {@code promql} answers a non-empty vector: until Prometheus scraped its targets often enough for
     * {@code rate()} to have two samples.
     */
    public void awaitData(String promql, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (last.contains("\"result\":[{")) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("Prometheus has no data for " + promql + " after " + timeout + ": " + last);
    }

    private String get(String path) {
        return LocalHttp.send(
                        http,
                        authorized(HttpRequest.newBuilder(URI.create(url() + path)))
                                .timeout(Duration.ofSeconds(5))
                                .build())
                .body();
    }

    private void awaitReady() {
        try {
            LocalHttp.awaitReady(
                    "Prometheus",
                    process,
                    folder,
                    () -> LocalHttp.send(
                                            http,
                                            authorized(HttpRequest.newBuilder(URI.create(url() + "/-/ready")))
                                                    .timeout(Duration.ofSeconds(2))
                                                    .build())
                                    .statusCode()
                            == 200);
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        TestFolders.stop(process);
        TestFolders.deleteRecursively(folder);
    }
}
