package io.gitopsflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which broker JVM dumps the class-data archive, which maps it, and when a dumped one is moved into place: real child
 * processes end cleanly or not; the dump itself is the JVM's (the build's brokers exercise it).
 */
class BrokerClassArchiveTest {

    @TempDir
    Path folder;

    @Test
    void theFirstBrokerWithoutACurrentArchiveDumpsOneTheOthersStartWithout() throws IOException {
        Path jar = Files.writeString(folder.resolve("kafka.jar"), "jar");
        Path archive = folder.resolve("kafka-broker.jsa");
        AtomicBoolean dumping = new AtomicBoolean();

        BrokerClassArchive first = BrokerClassArchive.of(jar.toString(), archive, dumping);
        BrokerClassArchive second = BrokerClassArchive.of(jar.toString(), archive, dumping);

        assertThat(first.options()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=" + folder);
        assertThat(second.options()).isEmpty();
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
        String classPath = older + java.io.File.pathSeparator + newer;

        assertThat(BrokerClassArchive.of(classPath, archive, new AtomicBoolean(true))
                        .options())
                .containsExactly("-XX:SharedArchiveFile=" + archive);

        Files.setLastModifiedTime(newer, FileTime.from(now));
        assertThat(BrokerClassArchive.of(classPath, archive, new AtomicBoolean(true))
                        .options())
                .isEmpty();
    }

    @Test
    void aDumpIsMovedIntoPlaceAfterACleanExitOnlyAndDeletedAfterAKill() throws Exception {
        Path jar = Files.writeString(folder.resolve("kafka.jar"), "jar");
        Path archive = folder.resolve("kafka-broker.jsa");

        BrokerClassArchive killed = BrokerClassArchive.of(jar.toString(), archive, new AtomicBoolean());
        Path killedPart = dumpedBy(killed);
        killed.settle(exited("kill -9 $$"));
        assertThat(killedPart).doesNotExist();
        assertThat(archive).doesNotExist();

        BrokerClassArchive clean = BrokerClassArchive.of(jar.toString(), archive, new AtomicBoolean());
        Path cleanPart = dumpedBy(clean);
        clean.settle(exited("kill -TERM $$"));
        assertThat(cleanPart).doesNotExist();
        assertThat(archive).hasContent("classes");
    }

    /** Writes what the JVM would have dumped where the options say. */
    private static Path dumpedBy(BrokerClassArchive archive) throws IOException {
        String option = archive.options().get(0);
        return Files.writeString(Path.of(option.substring(option.indexOf('=') + 1)), "classes");
    }

    private static Process exited(String script) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", script).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process;
    }
}
