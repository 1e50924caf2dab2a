package io.gitopsflow.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The class-data archive (AppCDS) of the broker's child JVM: a build starts some 35 brokers, each loading the same
 * Kafka classes. The first broker of a JVM finding no current archive dumps one when it stops cleanly
 * ({@code -XX:ArchiveClassesAtExit}, into a file of its own, moved into place only after a clean exit); later brokers,
 * in any JVM, map it ({@code -XX:SharedArchiveFile}). It lives where {@code gitopsflow.test.kafka-class-archive} says
 * (the build names one for all its modules), else beside the testkit's folders. An archive older than a jar of the
 * broker's class path is not used; a JVM that finds it does not match starts as without.
 */
final class BrokerClassArchive {

    /** A clean stop: 0, or what the JVM exits with on SIGTERM (143) or SIGINT (130) after its shutdown hooks. */
    private static final Set<Integer> CLEAN_EXITS = Set.of(0, 130, 143);

    /** Whether a broker of this JVM is already dumping: one is enough. */
    private static final AtomicBoolean DUMPING = new AtomicBoolean();

    private final Path archive;
    private final List<String> options;
    private final Path dumping;

    private BrokerClassArchive(Path archive, List<String> options, Path dumping) {
        this.archive = archive;
        this.options = options;
        this.dumping = dumping;
    }

    /**
     * The archive for a broker JVM of this class path whose folder is {@code brokerFolder}: mapped when current, else
     * dumped by the JVM's first broker.
     */
    static BrokerClassArchive of(String classPath, Path brokerFolder) {
        String named = System.getProperty("gitopsflow.test.kafka-class-archive", "");
        Path archive = named.isBlank() ? brokerFolder.resolveSibling("kafka-broker.jsa") : Path.of(named);
        return of(classPath, archive, DUMPING);
    }

    /** The same with the archive's path given, and the flag that says whether a broker already dumps. */
    static BrokerClassArchive of(String classPath, Path archive, AtomicBoolean dumpingAlready) {
        if (current(archive, classPath)) {
            return new BrokerClassArchive(archive, List.of("-XX:SharedArchiveFile=" + archive), null);
        }
        if (!dumpingAlready.compareAndSet(false, true)) {
            return new BrokerClassArchive(archive, List.of(), null);
        }
        Path part = archive.resolveSibling("kafka-broker-" + UUID.randomUUID() + ".jsa.part");
        return new BrokerClassArchive(archive, List.of("-XX:ArchiveClassesAtExit=" + part), part);
    }

    /** The JVM options that map or dump it. */
    List<String> options() {
        return options;
    }

    /** After the broker's process ended: a dumped archive is moved into place if the process ended cleanly. */
    synchronized void settle(Process process) {
        if (dumping == null || process.isAlive() || !Files.exists(dumping)) {
            return;
        }
        try {
            if (CLEAN_EXITS.contains(process.exitValue()) && Files.size(dumping) > 0) {
                Files.move(dumping, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(dumping);
            }
        } catch (IOException e) {
            // no archive: a later broker dumps one again
        }
    }

    private static boolean current(Path archive, String classPath) {
        try {
            if (!Files.isRegularFile(archive)) {
                return false;
            }
            FileTime made = Files.getLastModifiedTime(archive);
            for (String entry : classPath.split(File.pathSeparator)) {
                Path jar = Path.of(entry);
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
