package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus service ({@code quarkus-run.jar}) started as its own process with its settings, its output
 * in a log file, ready once {@code /q/health/ready} answers 200; {@link #close} stops it (SIGTERM, then SIGKILL after
 * 15 s). Benchmarks and the local run use it so a service runs exactly as it is shipped.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * The settings file's config ordinal: above the jar's application.properties (250), below environment variables
     * (300) and system properties (400). Secrets (database password, webhook secret) travel in this file, never on the
     * command line, where {@code ps} shows them to every user.
     */
    static final int SETTINGS_ORDINAL = 290;

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    /** How long a clean stop may take before the process is killed: longer while it writes a class-data archive. */
    private final Duration stopWithin;

    private ServiceProcess(String name, Process process, int port, Path log, Duration stopWithin) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopWithin = stopWithin;
    }

    /**
     * Starts {@code jar} on {@code port} with {@code properties} in a settings file only its owner can read (keys with
     * a space are not properties and are skipped) and waits up to {@code readyWithin} for readiness; a process that dies or does not
     * become ready is stopped and reported with its log.
     */
    public static ServiceProcess start(
            String name,
            Path jar,
            int port,
            String maxHeap,
            Map<String, String> properties,
            Path log,
            Duration readyWithin) {
        return start(name, jar, port, List.of("-Xmx" + maxHeap), properties, log, readyWithin);
    }

    /**
     * The options a test's short-lived service starts fastest with on a small machine, as the local stack's: a heap of
     * {@code maxHeap}, the serial collector and the C1 compiler only (a start compiles little worth C2; two cores
     * shared by a test JVM and a broker have nothing to spare for it). Benchmarks keep the JVM's defaults.
     */
    public static List<String> quickStartOptions(String maxHeap) {
        return List.of("-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    /** As {@link #start(String, Path, int, String, Map, Path, Duration)}, with the JVM's options given whole. */
    public static ServiceProcess start(
            String name,
            Path jar,
            int port,
            List<String> jvmOptions,
            Map<String, String> properties,
            Path log,
            Duration readyWithin) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run ./mvnw -B install -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.log.console.json.enabled=false"));
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            // loopback unless told otherwise: a service started here is not for the network
            Map<String, String> settingsWithHost =
                    new java.util.LinkedHashMap<>(Map.of("quarkus.http.host", "127.0.0.1"));
            settingsWithHost.putAll(properties);
            Path settings = OwnerOnlyFiles.properties(
                    log.toAbsolutePath().getParent().resolve(name + "-" + port + "-settings"),
                    settingsWithHost,
                    SETTINGS_ORDINAL);
            command.add("-Dquarkus.config.locations=" + settings.toUri());
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // glibc's malloc keeps up to 8 arenas per core for a JVM's many threads; two hold what a service needs
            // for 5-13 MiB less resident memory (docs/benchmarks.md, "Footprint and start-up")
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        ServiceProcess service = new ServiceProcess(
                name, process, port, log, ClassArchive.stopWithin(jvmOptions, Duration.ofSeconds(15)));
        try {
            service.awaitReady(readyWithin);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** The operating system's process id (for its resident memory in {@code /proc/<pid>/status}). */
    public long pid() {
        return process.pid();
    }

    /** How the process ended: its exit value, or empty while it runs. */
    public java.util.OptionalInt exitValue() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady(Duration within) {
        HttpClient client = HttpClient.newHttpClient();
        URI ready = URI.create(url() + "/q/health/ready");
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(
                name + (process.isAlive() ? " did not become ready" : " exited") + "; see " + log.toAbsolutePath());
    }

    /** Kills the process at once (SIGKILL: no shutdown hook runs), as a crash or an OOM kill would, and waits for it. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " is still alive 15 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /**
     * Kills several processes at once ({@code kill -9}) and waits for each: for a test that is done with them, whose
     * topics, group and database are its own, so a clean stop (seconds each) would tidy nothing anyone reads. Nulls and
     * processes already ended are skipped.
     */
    public static void killAll(ServiceProcess... processes) {
        for (ServiceProcess service : processes) {
            if (service != null) {
                service.process.destroyForcibly();
            }
        }
        for (ServiceProcess service : processes) {
            if (service != null) {
                service.kill();
            }
        }
    }

    /**
     * Stops several processes at once: SIGTERM to each first, then waits for each as {@link #close} does, so their
     * shutdowns (several seconds each: consumers leave their groups) overlap instead of adding up. Nulls are skipped.
     */
    public static void closeAll(ServiceProcess... processes) {
        for (ServiceProcess service : processes) {
            if (service != null) {
                service.process.destroy();
            }
        }
        for (ServiceProcess service : processes) {
            if (service != null) {
                service.close();
            }
        }
    }

    /**
     * Stops the process and waits for it; a service that ignores SIGTERM for 15 s (90 s while it writes a class-data
     * archive at its exit) is killed.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(stopWithin.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
