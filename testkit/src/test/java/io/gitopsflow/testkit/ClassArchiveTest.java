package io.gitopsflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JVM dumps a class-data archive, which maps it, and when a dumped one is moved into place: real child processes
 * end cleanly or not; the dump itself is the JVM's (the build's brokers and the local stack's services exercise it).
 */
class ClassArchiveTest {

    @TempDir
    Path folder;

    @Test
    void theFirstStartAllowedToDumpWithoutACurrentArchiveDumpsOneTheOthersStartWithout() throws IOException {
        Path jar = Files.writeString(folder.resolve("kafka.jar"), "jar");
        Path archive = folder.resolve("kafka-broker.jsa");
        AtomicBoolean dumping = new AtomicBoolean();

        List<String> first = new ClassArchive(archive, List.of(jar)).options(() -> dumping.compareAndSet(false, true));
        List<String> second = new ClassArchive(archive, List.of(jar)).options(() -> dumping.compareAndSet(false, true));

        assertThat(first).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=" + folder);
        assertThat(second).isEmpty();
    }

    @Test
    void aJvmThatWritesAnArchiveAtItsExitMayTakeLongerToStop() throws IOException {
        Path jar = Files.writeString(folder.resolve("service.jar"), "jar");
        List<String> dumping = new ClassArchive(folder.resolve("service.jsa"), List.of(jar)).options(() -> true);
        Duration usual = Duration.ofSeconds(15);

        assertThat(ClassArchive.stopWithin(List.of("-Xmx64m"), usual)).isEqualTo(usual);
        assertThat(ClassArchive.stopWithin(List.of("-XX:SharedArchiveFile=" + folder), usual))
                .isEqualTo(usual);
        assertThat(ClassArchive.stopWithin(dumping, usual)).isGreaterThan(Duration.ofSeconds(60));
    }

    @Test
    void anArchiveNewerThanEveryJarIsMappedAndOneOlderThanAJarIsNot() throws IOException {
        Path older = Files.writeString(folder.resolve("old.jar"), "jar");
        Path newer = Files.writeString(folder.resolve("new.jar"), "jar");
        Path archive = Files.writeString(folder.resolve("kafka-broker.jsa"), "archive");
        Instant now = Instant.now();
        Files.setLastModifiedTime(older, FileTime.from(now.minusSeconds(60)));
        Files.setLastModifiedTime(archive, FileTime.from(now.minusSeconds(30)));
        Files.setLastModifiedTime(newer, FileTime.from(now.minusSeconds(40)));
        List<Path> classPath = List.of(older, newer);

        assertThat(new ClassArchive(archive, classPath).options(() -> false))
                .containsExactly("-XX:SharedArchiveFile=" + archive);

        Files.setLastModifiedTime(newer, FileTime.from(now));
        assertThat(new ClassArchive(archive, classPath).options(() -> false)).isEmpty();
    }

    @Test
    void aDumpIsMovedIntoPlaceAfterACleanExitOnlyAndDeletedAfterAKill() throws Exception {
        Path jar = Files.writeString(folder.resolve("kafka.jar"), "jar");
        Path archive = folder.resolve("kafka-broker.jsa");

        ClassArchive killed = new ClassArchive(archive, List.of(jar));
        Path killedPart = dumpedBy(killed.options(() -> true));
        killed.settle(exited("kill -9 $$"));
        assertThat(killedPart).doesNotExist();
        assertThat(archive).doesNotExist();

        ClassArchive clean = new ClassArchive(archive, List.of(jar));
        Path cleanPart = dumpedBy(clean.options(() -> true));
        clean.settle(exited("kill -TERM $$"));
        assertThat(cleanPart).doesNotExist();
        assertThat(archive).hasContent("classes");
    }

    /** Writes what the JVM would have dumped where the options say. */
    private static Path dumpedBy(List<String> options) throws IOException {
        String option = options.get(0);
        return Files.writeString(Path.of(option.substring(option.indexOf('=') + 1)), "classes");
    }

    private static OptionalInt exited(String script) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", script).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return OptionalInt.of(process.exitValue());
    }
}
