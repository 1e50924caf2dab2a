package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where test infrastructure keeps its files: under {@code java.io.tmpdir}, which the build points at target/. */
public final class TestFolders {

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

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
