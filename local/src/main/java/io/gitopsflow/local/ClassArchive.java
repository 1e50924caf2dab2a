package io.gitopsflow.local;

import io.gitopsflow.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A service's application class-data archive (AppCDS) for the local stack: the JVM maps the classes a whole start
 * loaded from it instead of loading, verifying and linking each again, which made the gateway ready in 4.4–6.4 s
 * instead of 8.0–11.7 s on two busy cores (docs/benchmarks.md, "Footprint"). The first start after a build dumps the
 * archive when that instance stops cleanly ({@code -XX:ArchiveClassesAtExit}, into a file of its own, moved into place
 * only once the JVM has exited well, so a killed JVM's half-written archive is never used); later starts map it
 * ({@code -XX:SharedArchiveFile}). An archive older than the service's jar is not used, and a JVM that finds it does
 * not match its class path ignores it and starts as without. {@code -Dgitopsflow.local.class-archive=false} turns it
 * off.
 */
final class ClassArchive {

    /** A clean stop: 0, or what the JVM exits with on SIGTERM (143) or SIGINT (130) after its shutdown hooks. */
    private static final Set<Integer> CLEAN_EXITS = Set.of(0, 130, 143);

    private final Path archive;
    private final Path jar;
    private Path dumping;

    private ClassArchive(Path jar) {
        this.jar = jar;
        this.archive = jar.resolveSibling("gitops-flow-local.jsa");
    }

    /** The archive of the service packaged as {@code jar}, or null when turned off. */
    static ClassArchive of(Path jar) {
        return Boolean.parseBoolean(System.getProperty("gitopsflow.local.class-archive", "true"))
                ? new ClassArchive(jar)
                : null;
    }

    /**
     * The JVM options of a start: map the archive when it is current; else, when {@code dumper} (one instance of the
     * service, at its first start), dump one at exit; else none.
     */
    synchronized List<String> options(boolean dumper) {
        if (current()) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        if (!dumper || dumping != null) {
            return List.of();
        }
        dumping = archive.resolveSibling("gitops-flow-local-" + UUID.randomUUID() + ".jsa.part");
        return List.of("-XX:ArchiveClassesAtExit=" + dumping);
    }

    /** After the dumping instance's process ended: its archive is moved into place if it ended cleanly. */
    synchronized void settle(ServiceProcess process) {
        if (dumping == null || process.isAlive()) {
            return;
        }
        Path written = dumping;
        dumping = null;
        try {
            boolean clean = process.exitValue().stream().anyMatch(CLEAN_EXITS::contains);
            if (clean && Files.size(written) > 0) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            // no archive: the next start dumps one again
            try {
                Files.deleteIfExists(written);
            } catch (IOException ignored) {
                // left under target/, which the next clean removes
            }
        }
    }

    private boolean current() {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
