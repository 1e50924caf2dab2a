package io.gitopsflow.messaging.warmup;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A warm-up's own folder under {@code java.io.tmpdir} ({@code gitops-flow-warm-up…}), deleted with all it holds when
 * closed. A folder that cannot be deleted is logged, never thrown: the warm-up's own outcome stays the one reported.
 */
public final class ScratchFolder implements AutoCloseable {

    private final Path path;

    private ScratchFolder(Path path) {
        this.path = path;
    }

    /** A new empty folder. */
    public static ScratchFolder create() {
        try {
            return new ScratchFolder(Files.createTempDirectory("gitops-flow-warm-up"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for a warm-up", e);
        }
    }

    public Path path() {
        return path;
    }

    /** {@code relative} inside the folder. */
    public Path resolve(String relative) {
        return path.resolve(relative);
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path each : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException | UncheckedIOException e) {
            Log.warnf("could not delete the warm-up's folder %s: %s", path, e.getMessage());
        }
    }
}
