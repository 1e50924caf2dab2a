package io.gitopsflow.testkit;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mindrot.jbcrypt.BCrypt;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (CNCF distribution) on 127.0.0.1 with filesystem
 * storage under the test temp folder. Where the binary is not installed, {@link #available()} says so. An outage test
 * {@link #stop()}s it and {@link #startAgain()}s it on the same port with the same storage.
 */
public final class OciRegistry implements AutoCloseable {

    /** Where Debian's package installs the binary; {@code gitopsflow.test.registry-binary} overrides it. */
    public static final Path BINARY =
            Path.of(System.getProperty("gitopsflow.test.registry-binary", "/usr/bin/docker-registry"));

    /** The media types of an OCI image manifest and of an OCI image index. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private static final System.Logger LOG = System.getLogger(OciRegistry.class.getName());

    private Process process;
    private final Path folder;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The registry's user and password, or null for an anonymous registry. */
    private final String username;

    private final String password;

    private OciRegistry(Process process, Path folder, int port, String username, String password) {
        this.process = process;
        this.folder = folder;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** True when the registry binary is installed ({@code apt-get install docker-registry}). */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a registry on a free loopback port and waits until it answers {@code /v2/}. */
    public static OciRegistry start() {
        return start(null, null);
    }

    /**
     * Starts a registry that only accepts {@code username}/{@code password} (htpasswd, bcrypt), as a private
     * registry does. Over plain HTTP Jib sends credentials only with {@code -DsendCredentialsOverHttp=true}.
     */
    public static OciRegistry startWithPassword(String username, String password) {
        return start(username, password);
    }

    private static OciRegistry start(String username, String password) {
        if (!available()) {
            throw new IllegalStateException(BINARY + " is not installed: apt-get install docker-registry");
        }
        long started = System.nanoTime();
        Path folder = TestFolders.newFolder("registry");
        int port = TestFolders.freePort();
        try {
            Files.writeString(
                    folder.resolve("config.yml"),
                    String.join(
                            "\n",
                            "version: 0.1",
                            "log:",
                            "  level: warn",
                            "storage:",
                            "  filesystem:",
                            "    rootdirectory: " + folder.resolve("storage"),
                            "  delete:",
                            "    enabled: true",
                            "http:",
                            "  addr: 127.0.0.1:" + port,
                            auth(folder, username, password)));
            Process process = serve(folder);
            OciRegistry registry = new OciRegistry(process, folder, port, username, password);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "registry-stop"));
            registry.awaitReady();
            LOG.log(
                    Level.INFO,
                    "OCI registry (CNCF distribution, pid {0}) started at {1} in {2} ms",
                    String.valueOf(process.pid()),
                    registry.host(),
                    String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry", e);
        }
    }

    /** Runs the registry binary on the configuration in {@code folder}, appending to its log. */
    private static Process serve(Path folder) throws IOException {
        return new ProcessBuilder(
                        BINARY.toString(), "serve", folder.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        folder.resolve("registry.log").toFile()))
                .start();
    }

    /**
     * Stops the registry process as an outage would, keeping its port, storage and configuration: clients get
     * connection refused until {@link #startAgain()}.
     */
    public synchronized void stop() {
        TestFolders.stop(process);
        LOG.log(Level.INFO, "OCI registry at {0} stopped", host());
    }

    /** Starts the registry again after {@link #stop()}, on the same port with the same images; waits until ready. */
    public synchronized void startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException("the registry at " + host() + " is running");
        }
        try {
            process = serve(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry again", e);
        }
        awaitReady();
        LOG.log(Level.INFO, "OCI registry at {0} started again", host());
    }

    /** Whether the registry process runs (it is stopped between {@link #stop()} and {@link #startAgain()}). */
    public synchronized boolean running() {
        return process.isAlive();
    }

    private static String auth(Path folder, String username, String password) throws IOException {
        if (username == null) {
            return "";
        }
        Path htpasswd = Files.writeString(
                folder.resolve("htpasswd"), username + ":" + BCrypt.hashpw(password, BCrypt.gensalt(6)) + "\n");
        return String.join("\n", "auth:", "  htpasswd:", "    realm: gitops-flow-test", "    path: " + htpasswd, "");
    }

    /**
     * Pushes {@code <host>/<name>}, a small image built from scratch (one file, a CMD): the base image tests build
     * on, since no public registry is reachable here.
     */
    public void pushBaseImage(String name) {
        Path work = TestFolders.newFolder("base-image");
        try {
            Path release = Files.writeString(work.resolve("base-release"), name + "\n");
            RegistryImage target = RegistryImage.named(host() + "/" + name);
            if (username != null) {
                target.addCredential(username, password);
            }
            Jib.fromScratch()
                    .addFileEntriesLayer(FileEntriesLayer.builder()
                            .addEntry(release, AbsoluteUnixPath.get("/etc/base-release"))
                            .build())
                    .setProgramArguments(List.of("base-cmd"))
                    .containerize(Containerizer.to(target)
                            .setAllowInsecureRegistries(true)
                            .setBaseImageLayersCache(work.resolve("cache/base"))
                            .setApplicationLayersCache(work.resolve("cache/application")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot push the base image " + name, e);
        } finally {
            TestFolders.deleteRecursively(work);
        }
    }

    /**
     * Pushes {@code <host>/<name>} (e.g. {@code base/multi:1}) as an OCI image index over one small image per
     * platform ({@code linux/amd64}, {@code linux/arm64}): built from scratch with Jib for that platform, one file
     * {@code /etc/base-platform} naming it, and pushed as {@code <name>-<architecture>}; the index is put with the
     * distribution API, as a multi-platform base image from elsewhere would be.
     *
     * @return the index's digest
     */
    public String pushMultiPlatformBaseImage(String name) {
        int colon = name.lastIndexOf(':');
        String repository = name.substring(0, colon);
        String tag = name.substring(colon + 1);
        Path work = TestFolders.newFolder("multi-platform-base");
        try {
            StringBuilder manifests = new StringBuilder();
            for (String architecture : List.of("amd64", "arm64")) {
                Path file = Files.writeString(work.resolve(architecture), "linux/" + architecture + "\n");
                RegistryImage target = RegistryImage.named(host() + "/" + name + "-" + architecture);
                if (username != null) {
                    target.addCredential(username, password);
                }
                String digest = Jib.fromScratch()
                        .setFormat(ImageFormat.OCI)
                        .setPlatforms(Set.of(new Platform(architecture, "linux")))
                        .addFileEntriesLayer(FileEntriesLayer.builder()
                                .addEntry(file, AbsoluteUnixPath.get("/etc/base-platform"))
                                .build())
                        .setProgramArguments(List.of("base-cmd"))
                        .containerize(Containerizer.to(target)
                                .setAllowInsecureRegistries(true)
                                .setBaseImageLayersCache(work.resolve("cache/base"))
                                .setApplicationLayersCache(work.resolve("cache/application")))
                        .getDigest()
                        .toString();
                int size = get("/v2/" + repository + "/manifests/" + digest, OCI_MANIFEST)
                        .body()
                        .getBytes(StandardCharsets.UTF_8)
                        .length;
                manifests
                        .append(manifests.isEmpty() ? "" : ",")
                        .append(
                                "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%d,\"platform\":{\"architecture\":\"%s\",\"os\":\"linux\"}}"
                                        .formatted(OCI_MANIFEST, digest, size, architecture));
            }
            String index =
                    "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"manifests\":[%s]}".formatted(OCI_INDEX, manifests);
            HttpResponse<String> put = LocalHttp.send(
                    http,
                    authorized(HttpRequest.newBuilder(
                                            URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + tag))
                                    .header("Content-Type", OCI_INDEX)
                                    .PUT(HttpRequest.BodyPublishers.ofString(index))
                                    .timeout(Duration.ofSeconds(10)))
                            .build());
            if (put.statusCode() != 201) {
                throw new IllegalStateException(
                        "the registry refused the index: " + put.statusCode() + " " + put.body());
            }
            return put.headers().firstValue("Docker-Content-Digest").orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException("cannot push the multi-platform base image " + name, e);
        } finally {
            TestFolders.deleteRecursively(work);
        }
    }

    /** {@code 127.0.0.1:<port>}, the host part of image references pushed here. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** GET on the registry's HTTP API, e.g. {@code /v2/acme/app/tags/list}, with an Accept header. */
    public HttpResponse<String> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host() + path))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(10));
        return LocalHttp.send(http, authorized(request).build());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        if (username != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private void awaitReady() {
        try {
            LocalHttp.awaitReady("the registry", process, folder, () -> {
                int status = get("/v2/", "application/json").statusCode();
                return status == 200 || status == 401;
            });
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        TestFolders.stop(process);
        TestFolders.deleteRecursively(folder);
    }
}
