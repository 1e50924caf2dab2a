package io.gitopsflow.cli;

import java.nio.file.Path;

/**
 * Where the user ran the command: the launcher starts the JVM from the jar's folder (its class-data archive names the
 * jar by a relative path) and passes the user's directory as {@code gitops-flow.cwd}; a file the user names on the
 * command line is resolved against it.
 */
public final class WorkingDirectory {

    private WorkingDirectory() {}

    /** {@code given} as the user meant it: absolute as is, relative against the directory the command ran in. */
    public static Path resolve(String given) {
        Path path = Path.of(given);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        String cwd = System.getProperty("gitops-flow.cwd");
        Path base = cwd == null || cwd.isBlank() ? Path.of("").toAbsolutePath() : Path.of(cwd);
        return base.resolve(path).normalize();
    }
}
