package io.gitopsflow.writer.git;

import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The checked-out files of a local clone, as an {@link Applier} sees them: every path from outside goes through
 * {@link #resolve}, so nothing escapes the repository or reaches its {@code .git} folder (hooks, config).
 */
public final class WorkTree {

    private final Path root;

    WorkTree(Path root) {
        this.root = root;
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
        return RepositoryPaths.resolveInside(root, relativePath);
    }

    @Override
    public String toString() {
        return "WorkTree[" + root + "]";
    }
}
