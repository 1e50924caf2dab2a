package io.gitopsflow.events.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/** Kubernetes-style names (applications, stages, namespaces) and Git hosting repository names. */
public final class ResourceNames {

    private static final int LABEL_MAX = 63;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?");
    private static final int FULL_NAME_MAX = 255;
    private static final int FULL_NAME_SEGMENTS_MAX = 10;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");

    private ResourceNames() {}

    /** An RFC 1123 label as Kubernetes defines it: lower-case alphanumerics and '-', at most 63 characters. */
    public static String requireDnsLabel(String what, String name) {
        String problem = dnsLabelProblem(name);
        if (problem != null) {
            throw new InvalidNameException(what, name, problem);
        }
        return name;
    }

    public static boolean isDnsLabel(String name) {
        return name != null
                && name.length() <= LABEL_MAX
                && DNS_LABEL.matcher(name).matches();
    }

    /**
     * A repository name on a Git host, {@code owner/name} or with GitLab subgroups {@code group/sub/project}: 1 to 10
     * segments of letters, digits, '_', '.' and '-', at most 255 characters. A segment may start with '.' (every
     * organisation's {@code .github}; GitLab paths too), but none is {@code .} or {@code ..}, and none ends with
     * {@code .git} in any case (GitHub, GitLab and Gitea refuse such names; {@code .git} itself would name Git's own
     * folder wherever the name is used as a path).
     */
    public static String requireRepositoryFullName(String fullName) {
        String problem = fullNameProblem(fullName);
        if (problem != null) {
            throw new InvalidNameException("repository name", fullName, problem);
        }
        return fullName;
    }

    private static String dnsLabelProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "must not be empty";
        }
        if (name.length() > LABEL_MAX) {
            return "must be at most " + LABEL_MAX + " characters (was " + name.length() + ")";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return "must be lower case";
            }
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return "must contain only lower-case letters, digits and '-', not "
                        + InvalidNameException.quote(String.valueOf(c));
            }
        }
        if (name.startsWith("-")) {
            return "must start with a lower-case letter or a digit, not '-'";
        }
        if (name.endsWith("-")) {
            return "must end with a lower-case letter or a digit, not '-'";
        }
        return null;
    }

    private static String fullNameProblem(String fullName) {
        if (fullName == null || fullName.isEmpty()) {
            return "must not be empty";
        }
        if (fullName.length() > FULL_NAME_MAX) {
            return "must be at most " + FULL_NAME_MAX + " characters (was " + fullName.length() + ")";
        }
        String[] segments = fullName.split("/", -1);
        if (segments.length > FULL_NAME_SEGMENTS_MAX) {
            return "must have at most " + FULL_NAME_SEGMENTS_MAX + " '/'-separated segments (has " + segments.length
                    + ")";
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "must not have empty segments";
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return "segments may contain only letters, digits, '_', '.' and '-'";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "must not have '.' or '..' segments";
            }
            if (segment.toLowerCase(Locale.ROOT).endsWith(".git")) {
                return "no segment may end with '.git'";
            }
        }
        return null;
    }
}
