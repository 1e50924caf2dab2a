package io.gitopsflow.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * An application class-data archive (AppCDS) of a child JVM the testkit or the local stack starts again and again (a
 * service, the Kafka broker): the JVM maps the classes a whole start loaded from it instead of loading, verifying and
 * linking each again (the gateway ready in 4.4–6.4 s instead of 8.0–11.7 s on two busy cores, a broker in 2.0 s
 * instead of 3.0 s: docs/benchmarks.md). A start allowed to dump one, when none is current, dumps it at its clean exit
 * ({@code -XX:ArchiveClassesAtExit}, into a file of its own, moved into place only once the JVM has exited well, so a
 * killed JVM's half-written archive is never used); later starts map it ({@code -XX:SharedArchiveFile}). An archive
 * older than a jar of the class path is not used, and a JVM that finds it does not match its class path starts as
 * without. One instance per process started; thread-safe.
 */
public final class ClassArchive {

    /** A clean stop: 0, or what the JVM exits with on SIGTERM (143) or SIGINT (130) after its shutdown hooks. */
    private static final Set<Integer> CLEAN_EXITS = Set.of(0, 130, 143);

    private static final String DUMP = "-XX:ArchiveClassesAtExit=";

    /** How long a JVM writing its archive may take to stop: six services at once on two cores took over 15 s. */
    private static final Duration DUMPING_STOP = Duration.ofSeconds(90);

    private final Path archive;
    private final List<Path> classPath;
    private Path dumping;

    /**
     * @param archive where the archive lives
     * @param classPath the jars of the JVM's class path: an archive older than one of them is not current
     */
    public ClassArchive(Path archive, List<Path> classPath) {
        this.archive = archive;
        this.classPath = List.copyOf(classPath);
    }

    /**
     * The JVM options of a start: map the archive when it is current; else, when {@code mayDump} says so (asked only
     * then) and this instance is not dumping already, dump one at exit; else none.
     */
    public synchronized List<String> options(BooleanSupplier mayDump) {
        if (current()) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        if (dumping != null || !mayDump.getAsBoolean()) {
            return List.of();
        }
        dumping = archive.resolveSibling(
                archive.getFileName().toString().replace(".jsa", "") + "-" + UUID.randomUUID() + ".jsa.part");
        return List.of(DUMP + dumping);
    }

    /**
     * How long a JVM started with {@code options} may take to stop cleanly before it is killed: {@code usual}, or
     * longer when it writes an archive at its exit (a killed dump is lost, and the next start dumps again).
     */
    public static Duration stopWithin(List<String> options, Duration usual) {
        return options.stream().anyMatch(option -> option.startsWith(DUMP)) ? DUMPING_STOP : usual;
    }

    /**
     * After the process ended ({@code exitValue} empty: still running, nothing to do): a dumped archive is moved into
     * place if the process ended cleanly, else deleted.
     */
    public synchronized void settle(OptionalInt exitValue) {
        if (dumping == null || exitValue.isEmpty()) {
            return;
        }
        Path written = dumping;
        dumping = null;
        try {
            if (CLEAN_EXITS.contains(exitValue.getAsInt()) && Files.exists(written) && Files.size(written) > 0) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            // no archive: a later start dumps one again (a leftover part file lies under target/ or the temp folder)
        }
    }

    private boolean current() {
        try {
            if (!Files.isRegularFile(archive)) {
                return false;
            }
            FileTime made = Files.getLastModifiedTime(archive);
            for (Path jar : classPath) {
                if (Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(made) >= 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
