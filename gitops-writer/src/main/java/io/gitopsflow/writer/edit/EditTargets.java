package io.gitopsflow.writer.edit;

import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
import java.nio.file.Path;
import java.util.Locale;

/** Resolves a target's file inside the GitOps working copy, so that no path from outside reaches a file beyond it. */
public final class EditTargets {

    private EditTargets() {}

    /**
     * The file {@code relativePath} names inside {@code repositoryRoot}: relative, '/'-separated, without {@code ..},
     * not into {@code .git}, and not through a symbolic link that leads out of the repository. The file may not exist
     * yet. The check sees the working copy as it is now: the caller must own it while it reads and writes.
     *
     * @throws ManifestEditException when the path is refused
     */
    public static Path resolve(Path repositoryRoot, String relativePath) {
        try {
            Path resolved = RepositoryPaths.resolveInside(repositoryRoot, relativePath);
            for (String segment : relativePath.split("/")) {
                if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                    throw new InvalidNameException("repository path", relativePath, "must not point into .git");
                }
            }
            return resolved;
        } catch (InvalidNameException e) {
            throw new ManifestEditException(e.getMessage(), e);
        }
    }
}
