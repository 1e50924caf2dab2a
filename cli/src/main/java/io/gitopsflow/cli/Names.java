package io.gitopsflow.cli;

import java.util.regex.Pattern;

/**
 * Checks the names a user typed before they go into a URL path: a pipeline, stage or promotion is a DNS label as the
 * services require; a Freight is its id or alias; a commit is hexadecimal. Anything else is a usage error (exit 2)
 * that says what was expected.
 */
public final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern FREIGHT = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,126}[A-Za-z0-9])?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{4,64}");

    private Names() {}

    /** {@code value} when it is a DNS label (a pipeline, a stage, a promotion id). */
    public static String dnsLabel(String what, String value) {
        return require(what, value, DNS_LABEL, "lower-case letters, digits and '-', at most 63");
    }

    /** {@code value} when it can be a Freight id or alias. */
    public static String freight(String value) {
        return require("freight", value, FREIGHT, "a Freight id or alias");
    }

    /** {@code value} when it can be a commit (4 to 64 hexadecimal digits). */
    public static String commit(String value) {
        return require("commit", value, COMMIT, "4 to 64 hexadecimal digits");
    }

    private static String require(String what, String value, Pattern pattern, String expected) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new CliException(
                    "'" + printable(value) + "' is not a valid " + what + " (" + expected + ")", ExitCode.USAGE);
        }
        return value;
    }

    static String printable(String value) {
        if (value == null) {
            return "";
        }
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder safe = new StringBuilder();
        cut.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return safe.toString();
    }
}
