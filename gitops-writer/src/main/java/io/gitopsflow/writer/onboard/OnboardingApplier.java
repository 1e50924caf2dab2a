package io.gitopsflow.writer.onboard;

import io.gitopsflow.writer.git.Applier;
import io.gitopsflow.writer.git.WorkTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes an onboarding's files into a fetched work tree, never over a team's: a file that is there with the same bytes
 * is kept, a missing one is written, and one that is there with other bytes stops the write ({@link Conflict}), so a
 * second, different request for an application leaves its files alone. In {@link #checking} mode it only looks.
 * Runs again from scratch on every attempt; {@link #found} is what the last run found.
 */
public final class OnboardingApplier implements Applier<String> {

    /** What the files on the branch were, the last time the applier ran. */
    public enum Found {
        /** Not run yet. */
        NOTHING_YET,
        /** Every file is there with the same bytes: the application is onboarded. */
        ALL_THERE,
        /** Some files are missing (and none differs). */
        MISSING,
        /** A file is there with other bytes. */
        CONFLICT
    }

    private final Map<String, String> files;
    private final boolean write;
    private volatile Found found = Found.NOTHING_YET;
    private volatile List<String> conflicting = List.of();

    private OnboardingApplier(Map<String, String> files, boolean write) {
        this.files = Map.copyOf(files);
        this.write = write;
    }

    /** Writes the missing files. */
    public static OnboardingApplier writing(Map<String, String> files) {
        return new OnboardingApplier(files, true);
    }

    /** Only compares: changes nothing, so its write is always a no-change or a conflict. */
    public static OnboardingApplier checking(Map<String, String> files) {
        return new OnboardingApplier(files, false);
    }

    @Override
    public List<String> apply(WorkTree workTree) throws IOException, Conflict {
        List<String> missing = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (String path : files.keySet().stream().sorted().toList()) {
            Path file = workTree.resolve(path);
            if (!Files.exists(file)) {
                missing.add(path);
            } else if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), bytes(path))) {
                differing.add(path);
            }
        }
        conflicting = List.copyOf(differing);
        if (!differing.isEmpty()) {
            found = Found.CONFLICT;
            throw new Conflict(differing);
        }
        found = missing.isEmpty() ? Found.ALL_THERE : Found.MISSING;
        if (!write) {
            return List.of();
        }
        for (String path : missing) {
            Path file = workTree.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes(path));
        }
        return List.copyOf(missing);
    }

    public Found found() {
        return found;
    }

    /** The files that are there with other bytes, when {@link #found} is {@link Found#CONFLICT}. */
    public List<String> conflicting() {
        return conflicting;
    }

    private byte[] bytes(String path) {
        return files.get(path).getBytes(StandardCharsets.UTF_8);
    }

    /** Files of the application are there with other content: onboarding would overwrite a team's files. */
    public static final class Conflict extends Exception {

        private static final long serialVersionUID = 1L;

        Conflict(List<String> paths) {
            super("already there with other content: " + String.join(", ", paths), null, false, false);
        }
    }
}
