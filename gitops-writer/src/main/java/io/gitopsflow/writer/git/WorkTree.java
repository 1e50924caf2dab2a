package io.gitopsflow.writer.git;

import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The checked-out files of a local clone, as an {@link Applier} sees them: every path from outside goes through
 * {@link #resolve}, so nothing escapes the repository or reaches its {@code .git} folder (hooks, config). It records
 * the paths it resolved (and, for a path through a symbolic link inside the repository, the file behind it): those are
 * the only files an applier can have changed, so only they are staged and, on the next write, restored.
 */
public final class WorkTree {

    private final Path root;
    private final Set<String> resolved = new LinkedHashSet<>();
    /** The root with its symbolic links resolved, once (a batch resolves a thousand paths under it). */
    private Path realRoot;

    WorkTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The file at {@code relativePath} (with '/' separators), which may not exist yet.
     *
     * @throws InvalidNameException when the path is absolute, climbs out, leaves through a symbolic link or names the
     *     {@code .git} folder
     */
    public Path resolve(String relativePath) {
        RepositoryPaths.requireRelative("repository path", relativePath);
        for (String segment : relativePath.split("/")) {
            // case-insensitive: on macOS and Windows ".GIT" is the same folder
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                throw new InvalidNameException("repository path", relativePath, "must not reach into '.git'");
            }
        }
        Path file = RepositoryPaths.resolveInside(root, relativePath);
        record(root, file);
        try {
            // a symbolic link inside the repository: writing through it changes the file it points at
            Path real = file.toRealPath();
            if (realRoot == null) {
                realRoot = root.toRealPath();
            }
            if (!real.equals(file) && real.startsWith(realRoot)) {
                record(realRoot, real);
            }
        } catch (IOException notThereYet) {
            // a new file: only its own path changes
        }
        return file;
    }

    /**
     * Writes {@code text} (UTF-8) into {@code file}, a file {@link #resolve} returned, over its old content and then
     * cut to the new length, rather than truncating it to nothing first as {@code Files.writeString} does: ext4 (its
     * {@code auto_da_alloc}, on by default) starts writing a file truncated to zero back to the disk when it is closed,
     * which made each of a batch's 1,000 edits wait 2-3 ms for the disk; overwritten in place, its pages are written
     * back later, as any other write. The same content, mode and owner, and through a symbolic link the same file, as
     * with {@code Files.writeString}; a file that does not exist yet is created.
     */
    public static void overwrite(Path file, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long length = bytes.remaining();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.truncate(length);
        }
    }

    /** The repository paths resolved so far ('/' separators), in order. */
    Set<String> resolvedPaths() {
        return resolved;
    }

    private void record(Path base, Path file) {
        Path relative = base.relativize(file);
        if (relative.getNameCount() > 0 && !relative.toString().isEmpty()) {
            resolved.add(relative.toString().replace(file.getFileSystem().getSeparator(), "/"));
        }
    }

    @Override
    public String toString() {
        return "WorkTree[" + root + "]";
    }
}
