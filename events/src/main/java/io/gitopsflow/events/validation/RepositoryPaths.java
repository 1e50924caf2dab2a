package io.gitopsflow.events.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Paths inside the GitOps repository, checked so that no name from outside reads or writes a file beyond it. */
public final class RepositoryPaths {

    private static final int PATH_MAX = 4096;
    private static final int SEGMENT_MAX = 255;
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:.*", Pattern.DOTALL);

    private RepositoryPaths() {}

    /** Checks a repository-relative path with '/' separators, e.g. {@code apps/books-api/values-staging.yaml}. */
    public static String requireRelative(String what, String path) {
        String problem = relativeProblem(path);
        if (problem != null) {
            throw new InvalidNameException(what, path, problem);
        }
        return path;
    }

    /**
     * Resolves {@code relative} against {@code root} after {@link #requireRelative}, and refuses it when a symbolic link
     * already in the working copy leads out of {@code root}; returns the normalized absolute path, which may not exist.
     *
     * <p>The check sees the file system as it is now: the caller must own the working copy while it writes.
     */
    public static Path resolveInside(Path root, String relative) {
        requireRelative("repository path", relative);
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the repository root " + root, e);
        }
        Path target = root.toAbsolutePath().normalize().resolve(relative).normalize();
        Path existing = target;
        // NOFOLLOW_LINKS so that a dangling link counts as existing: writing through it would create its target.
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real = realPathOrNull(existing);
        if (real == null || !real.startsWith(realRoot)) {
            throw new InvalidNameException(
                    "repository path", relative, "escapes the repository through a symbolic link");
        }
        return target;
    }

    private static Path realPathOrNull(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException danglingLinkOrLoop) {
            return null;
        }
    }

    private static String relativeProblem(String path) {
        if (path == null || path.isEmpty()) {
            return "must not be empty";
        }
        if (path.length() > PATH_MAX) {
            return "must be at most " + PATH_MAX + " characters (was " + path.length() + ")";
        }
        if (path.codePoints().anyMatch(InvalidNameException::isUnsafe)) {
            return "must not contain control characters";
        }
        if (path.startsWith("/") || path.startsWith("\\") || DRIVE.matcher(path).matches()) {
            return "must be relative to the repository, not absolute";
        }
        if (path.indexOf('\\') >= 0) {
            return "must use '/' as separator, not '\\'";
        }
        if (path.startsWith("~")) {
            return "must not start with '~'";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "must not contain empty segments";
            }
            if (segment.equals("..")) {
                return "must not contain '..' segments";
            }
            if (segment.equals(".")) {
                return "must not contain '.' segments";
            }
            if (segment.length() > SEGMENT_MAX) {
                return "segments must be at most " + SEGMENT_MAX + " characters (was " + segment.length() + ")";
            }
        }
        return null;
    }
}
