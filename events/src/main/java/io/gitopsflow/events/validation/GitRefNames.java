package io.gitopsflow.events.validation;

/** Git ref and branch names, checked by the rules of {@code git check-ref-format} and by what YAML can carry. */
public final class GitRefNames {

    private static final int MAX_LENGTH = 255;
    private static final String FORBIDDEN = "~^:?*[\\";
    private static final String BRANCHES = "refs/heads/";
    private static final String TAGS = "refs/tags/";

    private GitRefNames() {}

    /**
     * Checks {@code refName} by every rule of {@code git check-ref-format --allow-onelevel}, at most 255 characters and
     * without quotes, since refs end up in YAML files and commit messages; returns it.
     */
    public static String requireValidRef(String what, String refName) {
        String problem = refProblem(refName);
        if (problem != null) {
            throw new InvalidNameException(what, refName, problem);
        }
        return refName;
    }

    public static boolean isValidRef(String refName) {
        return refProblem(refName) == null;
    }

    /** A short branch name such as {@code main} or {@code feature/x}, which git would also accept on the command line. */
    public static String requireBranchName(String branch) {
        requireValidRef("branch name", branch);
        String problem = shortNameProblem(branch, true);
        if (problem == null && branch.startsWith("refs/")) {
            problem = "must be a short name, not start with 'refs/'";
        }
        if (problem != null) {
            throw new InvalidNameException("branch name", branch, problem);
        }
        return branch;
    }

    /**
     * A full branch or tag ref: {@code refs/heads/...} or {@code refs/tags/...}, whose short name git would also create:
     * a branch as {@code git check-ref-format --branch} accepts it (not {@code HEAD}, not starting with '-'), a tag as
     * {@code git tag} does (not starting with '-').
     */
    public static String requireFullRef(String ref) {
        requireValidRef("Git ref", ref);
        String problem;
        if (ref.startsWith(BRANCHES)) {
            problem = shortNameProblem(ref.substring(BRANCHES.length()), true);
        } else if (ref.startsWith(TAGS)) {
            problem = shortNameProblem(ref.substring(TAGS.length()), false);
        } else {
            problem = "must start with '" + BRANCHES + "' or '" + TAGS + "'";
        }
        if (problem != null) {
            throw new InvalidNameException("Git ref", ref, problem);
        }
        return ref;
    }

    /** What git refuses of a short branch or tag name beyond the ref rules; null when nothing. */
    private static String shortNameProblem(String name, boolean branch) {
        if (name.startsWith("-")) {
            // git reads it as an option, and refuses to create such a branch or tag
            return "must not start with '-'";
        }
        if (branch && name.equals("HEAD")) {
            return "must not be HEAD";
        }
        return null;
    }

    private static String refProblem(String ref) {
        if (ref == null || ref.isEmpty()) {
            return "must not be empty";
        }
        if (ref.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters (was " + ref.length() + ")";
        }
        for (int i = 0; i < ref.length(); ) {
            int c = ref.codePointAt(i);
            if (InvalidNameException.isUnsafe(c)) {
                return "must not contain control characters";
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "must not contain whitespace";
            }
            if (c == '"' || c == '\'') {
                return "must not contain quotes";
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return "must not contain '" + (char) c + "'";
            }
            i += Character.charCount(c);
        }
        if (ref.equals("@")) {
            return "must not be the single character '@'";
        }
        if (ref.contains("@{")) {
            return "must not contain '@{'";
        }
        if (ref.contains("..")) {
            return "must not contain '..'";
        }
        if (ref.startsWith("/")) {
            return "must not start with '/'";
        }
        if (ref.endsWith("/")) {
            return "must not end with '/'";
        }
        if (ref.contains("//")) {
            return "must not contain '//'";
        }
        if (ref.endsWith(".")) {
            return "must not end with '.'";
        }
        for (String component : ref.split("/")) {
            if (component.startsWith(".")) {
                return "no '/'-separated component may start with '.'";
            }
            if (component.endsWith(".lock")) {
                return "no '/'-separated component may end with '.lock'";
            }
        }
        return null;
    }
}
