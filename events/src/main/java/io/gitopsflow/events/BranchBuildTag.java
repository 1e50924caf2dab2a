package io.gitopsflow.events;

import io.gitopsflow.events.validation.ImageReference;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract of build-worker's branch tag {@code <branch>-<sha7>-<n>} (seed 003's {@code main-3f2a1b9-12}): the
 * branch made tag-safe, the first 7 digits of the commit and the build's number among the builds of its branch, given
 * in push order — so consumers can order a branch's images by commit rather than by when they were published.
 */
public final class BranchBuildTag {

    /** The longest image tag a registry takes. */
    public static final int TAG_MAX = 128;

    private static final Pattern NOT_TAG_SAFE = Pattern.compile("[^a-z0-9_.-]+");
    private static final Pattern DASHES = Pattern.compile("-{2,}");
    private static final Pattern LEADING = Pattern.compile("^[.-]+");
    private static final Pattern TRAILING = Pattern.compile("[.-]+$");
    private static final String UNNAMED_BRANCH = "branch";
    // a build number: from 1, at most 18 digits so it always fits a long
    private static final Pattern NUMBERED = Pattern.compile("-([0-9a-f]{7})-([1-9][0-9]{0,17})");

    private BranchBuildTag() {}

    /**
     * The tag of build {@code buildNumber} of {@code branch} (a short branch name) at {@code commitSha}: the branch
     * lower-cased, each run of other characters than {@code [a-z0-9_.-]} one {@code -}, leading and trailing
     * {@code .}/{@code -} dropped ({@code branch} when nothing is left), shortened so the whole tag fits in 128
     * characters.
     */
    public static String of(String branch, String commitSha, long buildNumber) {
        if (buildNumber < 1) {
            throw new IllegalArgumentException("branch build number must be at least 1, was " + buildNumber);
        }
        String sha = Require.gitSha(commitSha.toLowerCase(Locale.ROOT), "commit");
        String suffix = "-" + sha.substring(0, 7) + "-" + buildNumber;
        String safe = tagSafe(branch);
        if (safe.length() > TAG_MAX - suffix.length()) {
            safe = TRAILING.matcher(safe.substring(0, TAG_MAX - suffix.length()))
                    .replaceAll("");
        }
        return ImageReference.requireTag(safe + suffix);
    }

    /**
     * The build number {@code tag} carries when it is exactly the branch tag of {@code branch} at {@code commitSha}
     * (the number, and only the number, may be any); empty for any other tag.
     */
    public static OptionalLong buildNumber(String tag, String branch, String commitSha) {
        if (tag == null || branch == null || commitSha == null || tag.length() > TAG_MAX) {
            return OptionalLong.empty();
        }
        int cut = tag.lastIndexOf('-', tag.lastIndexOf('-') - 1);
        if (cut < 0) {
            return OptionalLong.empty();
        }
        Matcher numbered = NUMBERED.matcher(tag.substring(cut));
        String sha = commitSha.toLowerCase(Locale.ROOT);
        if (!numbered.matches() || !sha.startsWith(numbered.group(1))) {
            return OptionalLong.empty();
        }
        long number = Long.parseLong(numbered.group(2));
        try {
            return tag.equals(of(branch, sha, number)) ? OptionalLong.of(number) : OptionalLong.empty();
        } catch (IllegalArgumentException notACommit) {
            return OptionalLong.empty();
        }
    }

    /** The branch as build-worker writes it into tags. */
    public static String tagSafe(String branch) {
        String safe = NOT_TAG_SAFE.matcher(branch.toLowerCase(Locale.ROOT)).replaceAll("-");
        safe = DASHES.matcher(safe).replaceAll("-");
        safe = TRAILING.matcher(LEADING.matcher(safe).replaceAll("")).replaceAll("");
        return safe.isEmpty() ? UNNAMED_BRANCH : safe;
    }
}
