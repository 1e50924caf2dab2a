package io.gitopsflow.buildworker.tags;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tags an image built from one commit is pushed with: the commit SHA, {@code <branch>-<sha7>-<n>}, semver. */
public final class ImageTags {

    private static final int TAG_MAX = 128;
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final String IDENTIFIER = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    // semver.org's grammar behind a 'v'; build metadata is matched only to be dropped, since '+' is no tag character
    private static final Pattern SEMVER_TAG =
            Pattern.compile("v((?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)"
                    + "(?:-" + IDENTIFIER + "(?:\\." + IDENTIFIER + ")*)?)"
                    + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
    private static final Pattern NOT_TAG_SAFE = Pattern.compile("[^a-z0-9_.-]+");
    private static final Pattern DASHES = Pattern.compile("-{2,}");
    private static final Pattern LEADING = Pattern.compile("^[.-]+");
    private static final Pattern TRAILING = Pattern.compile("[.-]+$");
    private static final String UNNAMED_BRANCH = "branch";

    private ImageTags() {}

    /**
     * The tags for {@code commitSha} pushed on a branch or tag, in order and without duplicates: the full SHA; for a
     * branch {@code <branch>-<sha7>-<n>} (seed 003's {@code main-3f2a1b9-12}); for a tag {@code vX.Y.Z[-pre][+build]}
     * {@code X.Y.Z[-pre]}, for another tag its name when it is a valid image tag; then {@code extraTags}.
     *
     * @param branchBuildNumber the number of this build among the builds of the branch, from 1; unused for tags
     * @throws InvalidNameException when the SHA or an extra tag is invalid
     */
    public static List<String> forCommit(
            String commitSha,
            CommitPushed.RefType refType,
            String refName,
            long branchBuildNumber,
            List<String> extraTags) {
        Objects.requireNonNull(refType, "refType");
        Objects.requireNonNull(refName, "refName");
        String sha = commitSha == null ? null : commitSha.toLowerCase(Locale.ROOT);
        if (sha == null || !SHA.matcher(sha).matches()) {
            throw new InvalidNameException("commit SHA", commitSha, "must be 40 (or 64) hexadecimal characters");
        }
        Set<String> tags = new LinkedHashSet<>();
        tags.add(sha);
        if (refType == CommitPushed.RefType.BRANCH) {
            tags.add(branchTag(refName, sha, branchBuildNumber));
        } else {
            Matcher semver = SEMVER_TAG.matcher(refName);
            if (semver.matches()) {
                tags.add(semver.group(1));
            } else if (isTag(refName)) {
                tags.add(refName);
            }
        }
        if (extraTags != null) {
            tags.addAll(extraTags);
        }
        List<String> result = new ArrayList<>(tags);
        result.forEach(ImageReference::requireTag);
        return List.copyOf(result);
    }

    /**
     * The SemVer version the release tag {@code vX.Y.Z[-pre][+build]} names, without the {@code v} and with its build
     * metadata (which the image tag drops); empty for any other tag name.
     */
    public static Optional<String> releaseVersion(String tagName) {
        return tagName != null && SEMVER_TAG.matcher(tagName).matches()
                ? Optional.of(tagName.substring(1))
                : Optional.empty();
    }

    /** {@code <branch>-<sha7>-<n>}, the branch made tag-safe and shortened so the whole fits in 128 characters. */
    static String branchTag(String branch, String sha, long buildNumber) {
        if (buildNumber < 1) {
            throw new IllegalArgumentException("branch build number must be at least 1, was " + buildNumber);
        }
        String suffix = "-" + sha.substring(0, 7) + "-" + buildNumber;
        String safe = tagSafe(branch);
        if (safe.length() > TAG_MAX - suffix.length()) {
            safe = TRAILING.matcher(safe.substring(0, TAG_MAX - suffix.length()))
                    .replaceAll("");
        }
        return ImageReference.requireTag(safe + suffix);
    }

    /** Lower-case, runs of other characters as one '-', starting and ending with a letter, digit or '_'. */
    static String tagSafe(String branch) {
        String safe = NOT_TAG_SAFE.matcher(branch.toLowerCase(Locale.ROOT)).replaceAll("-");
        safe = DASHES.matcher(safe).replaceAll("-");
        safe = TRAILING.matcher(LEADING.matcher(safe).replaceAll("")).replaceAll("");
        return safe.isEmpty() ? UNNAMED_BRANCH : safe;
    }

    private static boolean isTag(String name) {
        try {
            ImageReference.requireTag(name);
            return true;
        } catch (InvalidNameException e) {
            return false;
        }
    }
}
