package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Where test infrastructure keeps its files: under {@code java.io.tmpdir}, which the build points at target/. */
public final class TestFolders {

    /** How many ports below the ephemeral range {@link #freePort} picks from. */
    private static final int RANGE = 10_000;

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TestFolders() {}

    /** A new, empty folder named after {@code purpose}, under the test temp folder. */
    public static Path newFolder(String purpose) {
        try {
            Path base = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "gitops-flow-testkit"));
            return Files.createTempDirectory(base, purpose + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for " + purpose, e);
        }
    }

    /** Deletes a folder and everything in it; missing files are fine. */
    public static void deleteRecursively(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: the folder lives under target/ and goes with the next clean
        }
    }

    /** Stops a server process the testkit started: politely, then forcibly after 10 s. */
    public static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A free TCP port on the loopback interface, below the kernel's ephemeral range when there is room: a port from
     * that range can be taken by any outgoing connection (a Kafka or PostgreSQL client's) between this check and the
     * server's bind, which once stopped a service from starting ("Port 35631 seems to be in use"). Random, checked
     * bindable, and never handed out twice by this JVM.
     */
    public static int freePort() {
        int below = ephemeralLow();
        for (int attempt = 0; below - RANGE >= 1024 && attempt < 200; attempt++) {
            int port = below - RANGE + ThreadLocalRandom.current().nextInt(RANGE);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static boolean bindable(int port) {
        try (var socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), or 32768 where it cannot be read. */
    private static int ephemeralLow() {
        try {
            // read as lines: procfs reports a size of 0, and a read by size can stop after the first byte
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0)
                    .trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
