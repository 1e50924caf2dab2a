package io.gitopsflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real OIDC provider for tests: Keycloak from its Maven Central distribution, run by a Java 21+ JDK of this machine
 * on a free 127.0.0.1 port with the realm of {@link KeycloakRealm} imported. Starting it takes half a minute, so a test
 * JVM starts it once ({@link #shared()}) and every test uses it. Its data (an in-memory database, the realm file, its
 * temp files) lives in a folder of its own under the test temp folder, so the unpacked distribution stays unchanged
 * between runs except for Keycloak's own build cache in {@code lib/quarkus}.
 *
 * <p>The distribution's folder comes from {@code gitopsflow.test.keycloak-home}: the consuming module's pom unpacks
 * {@code org.keycloak:keycloak-quarkus-dist} into its {@code target/} and passes the path to Failsafe. The JDK is
 * {@code gitopsflow.test.keycloak-java-home}, else this JVM when it is 21+, else the newest 21+ JDK under
 * {@code /usr/lib/jvm}. Without either, {@link #available()} is false and tests skip themselves.
 */
public final class KeycloakServer implements AutoCloseable {

    /** The unpacked {@code keycloak-quarkus-dist} (the folder holding {@code bin/kc.sh}). */
    public static final String HOME_PROPERTY = "gitopsflow.test.keycloak-home";

    /** A JDK 21+ to run Keycloak with, when the automatic choice is not wanted. */
    public static final String JAVA_HOME_PROPERTY = "gitopsflow.test.keycloak-java-home";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final System.Logger LOG = System.getLogger(KeycloakServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KeycloakServer shared;
    private static RuntimeException sharedFailure;

    private final Process process;
    private final Path folder;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final long startedNanos;
    private boolean ready;

    private KeycloakServer(Process process, Path folder, int port, long startedNanos) {
        this.process = process;
        this.folder = folder;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /** True when the distribution is unpacked and a Java 21+ JDK is found. */
    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Why Keycloak cannot run here, for {@code assumeTrue}; {@code null} when it can. */
    public static String unavailableReason() {
        Optional<Path> home = home();
        if (home.isEmpty()) {
            return "no Keycloak distribution: " + HOME_PROPERTY + " (set by the module's pom, which unpacks "
                    + "org.keycloak:keycloak-quarkus-dist) is " + System.getProperty(HOME_PROPERTY)
                    + " and holds no bin/kc.sh";
        }
        if (javaHome().isEmpty()) {
            return "Keycloak needs Java 21+: this JVM is " + Runtime.version().feature() + ", none under "
                    + JavaHomes.JVM_FOLDER + " and " + JAVA_HOME_PROPERTY + " is not set";
        }
        return null;
    }

    /**
     * The Keycloak of this JVM: started at the first call (half a minute), then the same one; stopped when the JVM
     * exits. A failed start fails every later call the same way instead of starting again.
     */
    public static synchronized KeycloakServer shared() {
        KeycloakServer server = launchShared();
        if (!server.ready) {
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
            server.ready = true;
        }
        return server;
    }

    /**
     * The Keycloak of this JVM, its process started but perhaps not ready yet: its URLs are known at once, so a test
     * can start the services that trust it while it starts; {@link #shared()} then waits until it answers.
     */
    public static synchronized KeycloakServer launchShared() {
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "keycloak-stop"));
        }
        return shared;
    }

    private static KeycloakServer start() {
        String reason = unavailableReason();
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
        long started = System.nanoTime();
        Path folder = TestFolders.newFolder("keycloak");
        int port = TestFolders.freePort();
        Path java = javaHome().orElseThrow();
        try {
            Path home = runHome(home().orElseThrow(), folder);
            ProcessBuilder builder = new ProcessBuilder(
                            "/bin/sh",
                            home.resolve("bin/kc.sh").toString(),
                            "start-dev",
                            "--http-port=" + port,
                            "--http-host=127.0.0.1",
                            "--hostname=http://127.0.0.1:" + port,
                            "--db=dev-mem",
                            "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("keycloak.log").toFile());
            Map<String, String> env = builder.environment();
            env.remove("JAVA_OPTS");
            env.remove("JAVA");
            env.put("JAVA_HOME", java.toString());
            // C1 only: a test's Keycloak serves a few requests, so the time and CPU of C2 at start buy nothing
            env.put(
                    "JAVA_OPTS_APPEND",
                    "-XX:TieredStopAtLevel=1 -Djava.io.tmpdir=" + Files.createDirectories(folder.resolve("tmp")));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "kc-admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "kc-admin-Pa55word");
            KeycloakServer server = new KeycloakServer(builder.start(), folder, port, started);
            LOG.log(
                    Level.INFO,
                    "Keycloak (pid {0}, {1}) starting at {2}",
                    String.valueOf(server.process.pid()),
                    java,
                    server.issuer());
            return server;
        } catch (IOException e) {
            TestFolders.deleteRecursively(folder);
            throw new UncheckedIOException("cannot start Keycloak", e);
        }
    }

    /**
     * A Keycloak home of this run: the distribution's folders linked, {@code bin/kc.sh} copied (the script takes its
     * home from its own location) and a {@code data/} of its own holding the realm to import.
     */
    private static Path runHome(Path distribution, Path folder) throws IOException {
        Path home = Files.createDirectories(folder.resolve("home"));
        try (Stream<Path> entries = Files.list(distribution)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals("bin") && !name.equals("data")) {
                    Files.createSymbolicLink(home.resolve(name), entry);
                }
            }
        }
        Files.copy(
                distribution.resolve("bin/kc.sh"),
                Files.createDirectories(home.resolve("bin")).resolve("kc.sh"));
        KeycloakRealm.write(Files.createDirectories(home.resolve("data/import")));
        return home;
    }

    private void awaitReady() {
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            Awaitility.await("Keycloak ready")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreException(UncheckedIOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Keycloak exited with " + process.exitValue());
                        }
                        return LocalHttp.send(http, discovery).statusCode() == 200;
                    });
            LOG.log(
                    Level.INFO,
                    "Keycloak ready at {0} in {1} ms",
                    issuer(),
                    String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)));
        } catch (ConditionTimeoutException | IllegalStateException e) {
            Path log = folder.resolve("keycloak.log");
            stopProcess();
            throw new IllegalStateException("Keycloak did not start; its log " + log + " ends with:\n" + tail(log), e);
        }
    }

    /** {@code http://127.0.0.1:<port>/realms/gitops-flow}, the {@code iss} of its tokens. */
    public String issuer() {
        return authServerUrl() + "/realms/" + KeycloakRealm.NAME;
    }

    /** {@code http://127.0.0.1:<port>}, what a Keycloak adapter calls the auth server URL. */
    public String authServerUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The realm's signing keys, what {@code mp.jwt.verify.publickey.location} points at. */
    public String jwksUrl() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** The token endpoint. */
    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** Where a device (the CLI) asks for a user code: OAuth 2.0 device authorization grant. */
    public String deviceAuthorizationEndpoint() {
        return issuer() + "/protocol/openid-connect/auth/device";
    }

    /** The console's confidential client. */
    public String clientId() {
        return KeycloakRealm.CONSOLE_CLIENT;
    }

    /** The console client's secret. */
    public String clientSecret() {
        return KeycloakRealm.CONSOLE_SECRET;
    }

    /** The CLI's public client (device grant on). */
    public String cliClientId() {
        return KeycloakRealm.CLI_CLIENT;
    }

    /** The password of a realm user (see {@link KeycloakRealm#USERS}). */
    public String password(String user) {
        return KeycloakRealm.password(user);
    }

    /** A fresh access token of {@code user}, by the password grant of the console client (5 minutes valid). */
    public String accessToken(String user) {
        HttpResponse<String> response = passwordGrant(user, password(user));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "Keycloak refused a token for " + user + ": " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("not a token response: " + response.body(), e);
        }
    }

    /** The token endpoint's raw answer to a password grant of the console client, whatever it is. */
    public HttpResponse<String> passwordGrant(String user, String password) {
        return post(
                tokenEndpoint(),
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        clientId(),
                        "client_secret",
                        clientSecret(),
                        "username",
                        user,
                        "password",
                        password,
                        "scope",
                        "openid"));
    }

    /** POSTs a form to Keycloak and returns its answer. */
    public HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return LocalHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    /** The JSON of a token response or a token's payload, for tests that read claims. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The process ids of Keycloak's JVM and its launcher script, for measurements. */
    public List<Long> pids() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .map(ProcessHandle::pid)
                .toList();
    }

    @Override
    public synchronized void close() {
        stopProcess();
        TestFolders.deleteRecursively(folder);
    }

    /** kc.sh forwards a TERM to its JVM; the JVM is stopped as well in case the script is gone first. */
    private void stopProcess() {
        List<ProcessHandle> children = process.descendants().toList();
        TestFolders.stop(process);
        children.forEach(ProcessHandle::destroy);
        children.forEach(child ->
                child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join());
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Optional<Path> javaHome() {
        return JavaHomes.atLeast(21, System.getProperty(JAVA_HOME_PROPERTY));
    }

    private static Optional<Path> home() {
        return Optional.ofNullable(System.getProperty(HOME_PROPERTY))
                .map(Path::of)
                .filter(path -> Files.isRegularFile(path.resolve("bin/kc.sh")));
    }
}
